import { httpDriver } from "../http-driver.js";

export default httpDriver("rest");
