import { createContext, useContext } from 'react';
import type { Principal } from './api';

export const UserContext = createContext<Principal | null>(null);
export const useUser = () => useContext(UserContext)!;
