import { describe, expect, it } from 'vitest';
import { browserUrl, startupBanner, type BannerFacts } from './startup-banner.js';

const facts: BannerFacts = {
  address: 'http://127.0.0.1:8080',
  plant: { id: 'zld-pilot', version: '1.0', plcs: 3, tags: 400 },
  clock: 'wall',
  hmi: { served: true, dir: '/srv/zld/apps/hmi/dist' },
  bootstrap: { created: true, generatedPassword: 'Xy7-generated-secret-42', warnings: [] },
  passwordGiven: false,
};

describe('the startup banner', () => {
  it('says where the gateway and the HMI are, and prints a generated password once', () => {
    const text = startupBanner(facts).join('\n');
    expect(text).toMatch(/^ZLD gateway on http:\/\/127\.0\.0\.1:8080 \(plant zld-pilot 1\.0/);
    expect(text).toContain('HMI: open http://127.0.0.1:8080/');
    expect(text).toContain('Log in as "admin" with the password Xy7-generated-secret-42');
    expect(text).toContain('POST http://127.0.0.1:8080/api/auth/login');
  });

  it('never repeats a password it did not generate now', () => {
    const given = startupBanner({
      ...facts,
      bootstrap: { created: true, warnings: [] },
      passwordGiven: true,
    }).join('\n');
    expect(given).toContain('the password given in ZLD_ADMIN_PASSWORD');
    const later = startupBanner({ ...facts, bootstrap: { created: false, warnings: [] } }).join(
      '\n',
    );
    expect(later).toContain('its password was printed at the first start');
    expect(later).not.toContain('Xy7');
  });

  it('says clearly when the HMI is not served', () => {
    const text = startupBanner({ ...facts, hmi: { served: false, dir: '/x/dist' } }).join('\n');
    expect(text).toContain('HMI: NOT served: /x/dist holds no built HMI');
    expect(text).toContain('npm run build -w @zld/hmi');
  });

  it('turns a wildcard listen address into one a browser on this machine opens', () => {
    expect(browserUrl('http://0.0.0.0:8080')).toBe('http://127.0.0.1:8080');
    expect(browserUrl('https://[::]:8443')).toBe('https://[::1]:8443');
    expect(browserUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });
});
