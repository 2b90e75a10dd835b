/** Names only: the e-mail address detector and the address stripping every library uses. */
export { ADDRESS_PLACEHOLDER, containsEmailAddress, withoutAddresses } from './addresses';
