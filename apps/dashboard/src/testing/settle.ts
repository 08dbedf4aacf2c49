import type { ComponentFixture } from '@angular/core/testing';

/**
 * Waits for the app to be stable, then one animation frame (the virtual scroll viewport
 * renders its rows on the next frame), then stable again.
 */
export async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  await new Promise((resolve) => setTimeout(resolve, 0));
  await fixture.whenStable();
}
