import { createContext, useContext } from 'react';
import type { Me } from '../api/auth.js';

const MeContext = createContext<Me | null>(null);
export const MeProvider = MeContext.Provider;

/** The signed-in user, inside the app shell (where sign-in is finished). */
export function useSignedIn(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useSignedIn() outside the signed-in app');
  return me;
}

export const may = (me: Me, action: Me['actions'][number]): boolean => me.actions.includes(action);
