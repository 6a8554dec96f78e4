import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { WatchtowerClient, type WatchtowerClientApi } from "@wtclient/core";
import type { CommandRequest } from "./decode-command-args.js";
import { formatRespJson } from "./format-resp-json.js";

/** Make the request's RPC and return lnd's answer as lncli prints it. */
export async function callWatchtower(client: WatchtowerClientApi, req: CommandRequest): Promise<string> {
  // decodeCommandArgs built `args` for this very method; the lncli parity cases check every command's shape
  const call = client[req.method] as (...args: readonly unknown[]) => Promise<MessageShape<DescMessage>>;
  const output: DescMessage = WatchtowerClient.method[req.method].output;
  return formatRespJson(output, await call(...req.args));
}
