/**
 * @peculiar/x509 resolves its ASN.1 providers through tsyringe, which refuses to load unless
 * `Reflect.getMetadata` exists (it is normally supplied by the reflect-metadata polyfill). x509 uses no
 * decorators, so a small metadata store is all tsyringe needs. Installed only when absent; import this
 * module before "@peculiar/x509".
 */
type MetadataStore = WeakMap<object, Map<string | symbol | undefined, Map<unknown, unknown>>>;

interface ReflectMetadata {
  getMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
  getOwnMetadata?: (key: unknown, target: object, property?: string | symbol) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object, property?: string | symbol) => void;
}

const reflect = Reflect as typeof Reflect & ReflectMetadata;

if (typeof reflect.getMetadata !== "function") {
  const store: MetadataStore = new WeakMap();
  const own = (
    target: object,
    property: string | symbol | undefined,
    create: boolean,
  ): Map<unknown, unknown> | undefined => {
    let byProperty = store.get(target);
    if (byProperty === undefined && create) store.set(target, (byProperty = new Map()));
    let entries = byProperty?.get(property);
    if (entries === undefined && create && byProperty !== undefined) byProperty.set(property, (entries = new Map()));
    return entries;
  };
  reflect.defineMetadata = (key, value, target, property) => {
    own(target, property, true)?.set(key, value);
  };
  reflect.getOwnMetadata = (key, target, property) => own(target, property, false)?.get(key);
  reflect.getMetadata = (key, target, property) => {
    // walk the prototype chain like reflect-metadata does
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const entries = own(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
}

export {};
