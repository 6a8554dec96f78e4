import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { toLncliJson } from "@wtclient/core/internal";

/**
 * A response as lncli prints it (lnd's `printRespJSON`): core's lncli view of the message (every field,
 * snake_case names, enums by name, bytes as lowercase hex), 4-space indent, one space after each colon, newline.
 */
export function formatRespJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string {
  return `${JSON.stringify(toLncliJson(schema, message), null, 4)}\n`;
}
