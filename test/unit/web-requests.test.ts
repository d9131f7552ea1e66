import { describe, expect, it } from 'vitest';
import { cameraNumbers } from '../../web/src/requests/camera-numbers.js';
import { navFor } from '../../web/src/shell/nav.js';

describe('the request screens (R4.2)', () => {
  it('reads the camera numbers an outsider types from the signs', () => {
    expect(cameraNumbers('')).toEqual([]);
    expect(cameraNumbers('1, 3;3 12')).toEqual([1, 3, 12]);
    expect(cameraNumbers('camera 1')).toBeNull();
    expect(cameraNumbers('0')).toEqual([]);
  });

  it('shows leadership the requests in the menu, and no one else', () => {
    expect(navFor(['self.session', 'request.read']).map((i) => i.path)).toEqual(['/', '/requests', '/verify']);
    expect(navFor(['self.session', 'incident.read']).map((i) => i.path)).not.toContain('/requests');
  });
});
