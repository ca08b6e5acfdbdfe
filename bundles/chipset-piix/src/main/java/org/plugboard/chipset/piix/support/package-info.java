/** What the chipset's PCI functions share: the config-space life cycle and the factory base. */
package org.plugboard.chipset.piix.support;
