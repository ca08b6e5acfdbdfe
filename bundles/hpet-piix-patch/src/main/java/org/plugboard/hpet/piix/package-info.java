/** Quirk: the HPET lookup of Mac OS X 10.6 (00:1f.0 RCBA, HPTC) made to succeed on the PIIX machine. */
package org.plugboard.hpet.piix;
