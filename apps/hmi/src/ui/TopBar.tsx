// The navigation bar on every display: Overview (level 1) is always one click away; the user and role, own password, two-factor authentication, log out.
import { useState } from 'react';
import { displayOf, navLinks, shownFor } from '../displays.js';
import { useDefinitions } from '../live/source-context.js';
import { plantAreas } from '../model/plant-areas.js';
import { formatHash } from '../model/route.js';
import { AREA_LAYOUTS } from '../screens/area/area-layouts.js';
import { MfaDialog } from '../screens/password/MfaDialog.js';
import { PasswordDialog } from '../screens/password/PasswordDialog.js';
import { useSession } from '../session/session-context.js';

export function TopBar({ path }: { path: string }) {
  const session = useSession();
  const [changingPassword, setChangingPassword] = useState(false);
  const [mfaOpen, setMfaOpen] = useState(false);
  const shown = shownFor(plantAreas(useDefinitions().values(), AREA_LAYOUTS));
  const current = displayOf(path.startsWith('area/') ? path : (path.split('/')[0] ?? path));
  return (
    <header className="topbar">
      <strong>ZLD SCADA</strong>
      <nav aria-label="Displays">
        {navLinks(session.can, shown).map((d) => (
          <a
            key={d.path}
            href={formatHash(d.path)}
            aria-current={current?.path === d.path ? 'page' : undefined}
            data-level={d.level}
          >
            {d.title}
          </a>
        ))}
      </nav>
      {current && (
        <span className="level-tag" data-testid="display-level" data-level={current.level}>
          Level {current.level}
        </span>
      )}
      <span className="user">
        <span data-testid="user">
          {session.user.username} <span className="level-tag">{session.user.role}</span>
        </span>
        <button type="button" onClick={() => setChangingPassword(true)}>
          Password
        </button>
        <button type="button" onClick={() => setMfaOpen(true)} data-testid="open-mfa">
          Two-factor
        </button>
        <button type="button" onClick={session.logout}>
          Log out
        </button>
      </span>
      {changingPassword && <PasswordDialog onClose={() => setChangingPassword(false)} />}
      {mfaOpen && <MfaDialog onClose={() => setMfaOpen(false)} />}
    </header>
  );
}
