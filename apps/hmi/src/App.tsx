// The HMI shell: session gate, live connection, replay switch, banners on every display, and the display router.
import type { SessionUserDto } from '@zld/api';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { onUnauthorized } from './api/http.js';
import { currentUser, logout, type SignedIn } from './api/session-api.js';
import { displayOf } from './displays.js';
import { connectLive } from './live/live-connection.js';
import { LiveStore } from './live/live-store.js';
import { LiveStoreContext, SourceContext, useSource } from './live/source-context.js';
import { withParams } from './model/route.js';
import { ReplayBar } from './replay/ReplayBar.js';
import { ReplayContext, useReplayController } from './replay/replay-controller.js';
import { Faceplate } from './screens/faceplate/Faceplate.js';
import { LoginScreen } from './screens/login/LoginScreen.js';
import { MfaEnrolmentScreen } from './screens/login/MfaEnrolmentScreen.js';
import { SessionContext, sessionOf, useSession } from './session/session-context.js';
import { AlarmBanner } from './ui/AlarmBanner.js';
import { ConnectionBanner } from './ui/ConnectionBanner.js';
import { TopBar } from './ui/TopBar.js';
import { navigate, useRoute } from './ui/useRoute.js';

export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | null | undefined>(undefined);
  useEffect(() => {
    void currentUser().then(setSignedIn);
    return onUnauthorized(() => setSignedIn(null));
  }, []);
  const onLogout = useCallback(() => void logout().then(() => setSignedIn(null)), []);
  if (signedIn === undefined) return <p className="login">Connecting...</p>;
  if (signedIn === null) return <LoginScreen onLogin={setSignedIn} />;
  // An engineer or admin without MFA under --production: the session serves enrolment only.
  if (signedIn.mfaEnrolmentRequired)
    return (
      <MfaEnrolmentScreen
        user={signedIn.user}
        onEnabled={() => setSignedIn({ user: signedIn.user, mfaEnrolmentRequired: false })}
        onLogout={onLogout}
      />
    );
  return <Operating user={signedIn.user} onLogout={onLogout} />;
}

function Operating({ user, onLogout }: { user: SessionUserDto; onLogout: () => void }) {
  const live = useMemo(() => new LiveStore(), []);
  const session = useMemo(() => sessionOf(user, onLogout), [user, onLogout]);
  useEffect(() => {
    const conn = connectLive(live, onLogout);
    return () => conn.close();
  }, [live, onLogout]);
  const defs = useCallback(() => live.definitions(), [live]);
  const messageOf = useCallback((id: string) => live.alarmMessage(id), [live]);
  const replay = useReplayController(defs, messageOf, session.can('engineer'));
  const source = replay.store ?? live;
  return (
    <SessionContext.Provider value={session}>
      <LiveStoreContext.Provider value={live}>
        <ReplayContext.Provider value={replay}>
          <SourceContext.Provider value={source}>
            <Shell />
          </SourceContext.Provider>
        </ReplayContext.Provider>
      </LiveStoreContext.Provider>
    </SessionContext.Provider>
  );
}

function Shell() {
  const route = useRoute();
  const source = useSource();
  const fp = route.params.get('fp');
  const display = displayOf(route.path);
  const session = useSession();
  const allowed = display === undefined || session.can(display.role);
  return (
    <div
      className="shell"
      data-display={route.path}
      data-display-level={display?.level}
      data-mode={source.mode}
    >
      <TopBar path={route.path} />
      <ReplayBar />
      <ConnectionBanner />
      <AlarmBanner />
      <main className="display">
        <Suspense fallback={<p>Loading display...</p>}>
          {allowed ? (
            display?.Screen ? (
              <display.Screen />
            ) : (
              <p>Unknown display.</p>
            )
          ) : (
            <p className="error-text">
              The {display?.title} display needs the {display?.role} role (you are{' '}
              {session.user.role}).
            </p>
          )}
        </Suspense>
      </main>
      {fp && (
        <Faceplate target={fp} onClose={() => navigate(withParams(route, { fp: undefined }))} />
      )}
    </div>
  );
}
