/** What the legacy PC devices of this bundle share: crystal arithmetic and BCD. */
package org.plugboard.pc.support;
