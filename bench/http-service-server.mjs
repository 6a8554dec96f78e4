// Child process (started with fork): wtclient-http in front of the lnd double, so that its RSS is its
// own. argv[2] is the JSON config for startHttpService. Over IPC it sends {url} once listening and
// answers "rss" with {rss} in bytes; it closes the service and exits when the parent disconnects.
// Its log lines go to stdout, which the parent discards: the service logs as it would in production.
const { startHttpService } = await import(new URL("../apps/http/dist/index.js", import.meta.url).pathname);

const service = await startHttpService(JSON.parse(process.argv[2]));
process.on("message", (message) => {
  if (message === "rss") process.send({ rss: process.memoryUsage().rss });
});
process.once("disconnect", async () => {
  await service.close();
  process.exit(0);
});
process.send({ url: service.url });
