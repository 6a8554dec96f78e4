import { cliDriver } from "../cli-driver.js";

export default cliDriver("grpc");
