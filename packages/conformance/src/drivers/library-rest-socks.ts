import { libraryDriver } from "../library-driver.js";

export default libraryDriver("rest", "socks");
