import { createContext, useContext } from 'react';

/** The store the associate is working at, and the till they are on. */
export interface WorkingStore {
  id: string;
  name: string;
  siteCode: string;
  coordinates: { latitude: number; longitude: number };
  /** The till number the counter's actions are recorded at. */
  workstationId: number;
  /** Who is recorded at the till: the signed-in login. */
  associateId: string;
}

export const WorkingStoreContext = createContext<WorkingStore | null>(null);

export function useWorkingStore(): WorkingStore {
  const store = useContext(WorkingStoreContext);
  if (!store) throw new Error('useWorkingStore outside the store screen');
  return store;
}
