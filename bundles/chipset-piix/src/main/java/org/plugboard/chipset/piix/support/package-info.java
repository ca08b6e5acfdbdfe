/** What the chipset's PCI functions share: the config-space life cycle. */
package org.plugboard.chipset.piix.support;
