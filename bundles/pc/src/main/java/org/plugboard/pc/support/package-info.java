/** What the legacy PC devices of this bundle share: the factory base, crystal arithmetic, BCD. */
package org.plugboard.pc.support;
