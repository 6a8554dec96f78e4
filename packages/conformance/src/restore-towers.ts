import { lndAddressInUse } from "./lnd-address-in-use.js";
import type { World, TowerView } from "./world.js";

/**
 * Put a real lnd's towers back as they were before a scenario: re-add removed towers and addresses
 * (oldest address first, so lnd's newest-first order comes back), deactivate what was inactive, and
 * remove only towers the scenario added.
 */
export async function restoreTowers(world: World, before: readonly TowerView[]): Promise<void> {
  const now = await world.refresh();
  for (const was of before) {
    const is = now.find((t) => t.pubkey === was.pubkey);
    const missing = was.addresses.filter((a) => !is?.addresses.includes(a));
    const toAdd = is === undefined || (was.active && !is.active) ? [...was.addresses] : missing;
    for (const address of toAdd.reverse()) await world.admin.addTower(was.pubkey, address);
    if (!was.active && (is === undefined || is.active))
      await onceLndIsIdle(() => world.admin.deactivateTower(was.pubkey));
  }
  for (const is of now) {
    if (!before.some((t) => t.pubkey === is.pubkey)) await onceLndIsIdle(() => world.admin.removeTower(is.pubkey));
    else {
      const was = before.find((t) => t.pubkey === is.pubkey)!;
      for (const a of is.addresses.filter((x) => !was.addresses.includes(x)))
        await onceLndIsIdle(() => world.admin.removeTower(is.pubkey, a));
    }
  }
}

/** Runs a deactivation or removal, trying again for up to a minute while lnd is busy with the tower (lndAddressInUse). */
async function onceLndIsIdle(write: () => Promise<unknown>): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await write();
      return;
    } catch (e) {
      if (tries >= 30 || !lndAddressInUse(e)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}
