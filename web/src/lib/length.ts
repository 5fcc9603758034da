/** The channel's own way of counting length: the same function the server checks replies with. */
export { countLength } from '../../../src/channels/contract/capabilities.js';
