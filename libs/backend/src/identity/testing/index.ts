export { loginAs } from './login-as';
