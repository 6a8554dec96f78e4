/** The service's settings are not usable; each entry of `problems` is one mistake, in one sentence. */
export class HttpConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "HttpConfigError";
    this.problems = problems;
  }
}
