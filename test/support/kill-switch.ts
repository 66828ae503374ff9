/** How many writes a memory store still allows before the run is "killed" (the offline kill tests). */
export interface KillSwitch {
  writesLeft: number;
}

/** Counts one write against the switch, or throws `killed` when none is left (no switch: no limit). */
export function spendWrite(killSwitch: KillSwitch | undefined): void {
  if (!killSwitch) return;
  if (killSwitch.writesLeft <= 0) throw new Error('killed');
  killSwitch.writesLeft -= 1;
}
