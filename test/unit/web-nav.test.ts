import { describe, expect, it } from 'vitest';
import { NAV, navFor } from '../../web/src/shell/nav.js';

describe('the web menu shows only what the user may do', () => {
  it('gives a teacher (no camera right) the overview only', () => {
    expect(navFor(['self.session']).map((i) => i.path)).toEqual(['/']);
  });

  it('gives a guard the cameras too', () => {
    expect(navFor(['self.session', 'camera.read', 'footage.live']).map((i) => i.path)).toEqual(['/', '/cameras']);
  });

  it('ties every screen but the overview to an action of the policy table', () => {
    expect(NAV.filter((i) => i.action === null).map((i) => i.path)).toEqual(['/']);
  });
});
