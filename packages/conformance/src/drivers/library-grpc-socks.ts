import { libraryDriver } from "../library-driver.js";

export default libraryDriver("grpc", "socks");
