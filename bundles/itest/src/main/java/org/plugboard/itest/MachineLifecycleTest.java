package org.plugboard.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.machine.Machine;
import org.plugboard.api.machine.MachineManager;
import org.slf4j.LoggerFactory;

/** Machines built from definitions and from Config Admin, their errors, and the shell. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MachineLifecycleTest {
    @InjectBundleContext
    BundleContext ctx;

    @InjectService(timeout = 5000)
    MachineManager manager;

    @Test
    void withoutACpuEngineTheMachineRefusesToStartAndSaysWhy() throws Exception {
        Machine m = manager.create("nocpu", "machine none\nnodefaults\n");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, m::start);
            assertTrue(e.getMessage().contains("no CpuEngine service is present"), e.getMessage());
            assertEquals(Machine.State.CREATED, m.state());
        } finally {
            manager.destroy("nocpu");
        }
    }

    @Test
    void twoDevicesOnOnePortFailWithBothOwnersAndTheRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> manager.create("clash",
                "machine none\nnodefaults\ndevice sample-scratch,id=a,iobase=0x700\ndevice sample-scratch,id=b,iobase=0x708,mmio=0xfeb01000\n"));
        assertTrue(e.getMessage().contains("a/scratch") && e.getMessage().contains("b/scratch"), e.getMessage());
        assertTrue(e.getMessage().contains("0x708-0x70f"), e.getMessage());
        assertTrue(manager.machine("clash").isEmpty(), "a failed machine is not kept");
    }

    @Test
    void unknownDeviceTypesAndPropertiesAreNamed() {
        ConfigException type = assertThrows(ConfigException.class,
                () -> manager.create("bad1", "machine none\ndevice no-such-card,id=x\n"));
        assertTrue(type.getMessage().contains("unknown device type 'no-such-card'"), type.getMessage());
        ConfigException prop = assertThrows(ConfigException.class,
                () -> manager.create("bad2", "machine none\ndevice sample-scratch,id=x,colour=red\n"));
        assertTrue(prop.getMessage().contains("unknown property 'colour'"), prop.getMessage());
        ConfigException board = assertThrows(ConfigException.class, () -> manager.create("bad3", "machine amiga\n"));
        assertTrue(board.getMessage().contains("unknown machine type 'amiga'"), board.getMessage());
    }

    @Test
    void aConfigAdminFactoryConfigurationIsAMachine() throws Exception {
        ServiceReference<ConfigurationAdmin> ref = ctx.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin cm = ctx.getService(ref);
        Configuration c = cm.getFactoryConfiguration("org.plugboard.machine", "itest", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "from-cm");
        props.put("definition", "machine none\nnodefaults\ndevice sample-scratch,id=s9,iobase=0x7a0,mmio=0xfeb02000\n");
        c.update(props);
        try {
            long end = System.currentTimeMillis() + 5000;
            while (manager.machine("from-cm").isEmpty() && System.currentTimeMillis() < end) Thread.sleep(10);
            Machine m = manager.machine("from-cm").orElseThrow(() -> new AssertionError("no machine from the configuration"));
            assertEquals("s9", m.devices().get(0).id());
        } finally {
            c.delete();
        }
        long end = System.currentTimeMillis() + 5000;
        while (manager.machine("from-cm").isPresent() && System.currentTimeMillis() < end) Thread.sleep(10);
        assertTrue(manager.machine("from-cm").isEmpty(), "deleting the configuration removes the machine");
    }

    @Test
    void theShellListsDevicesAndTheAddressMap() throws Exception {
        manager.create("shell", "machine none\nnodefaults\ndevice sample-scratch,id=s7,iobase=0x7c0,mmio=0xfeb03000\n");
        try {
            String devices = gogo("vm:devices shell");
            assertTrue(devices.contains("s7") && devices.contains("sample-scratch") && devices.contains("active"), devices);
            String map = gogo("vm:map shell");
            assertTrue(map.contains("00000000000007c0-00000000000007cf") && map.contains("s7"), map);
            assertTrue(map.contains("00000000feb03000-00000000feb03fff"), map);
            String factories = gogo("vm:factories");
            assertTrue(factories.contains("sample-scratch") && factories.contains("org.plugboard.sample-device"), factories);
        } finally {
            manager.destroy("shell");
        }
    }

    /**
     * Calls a {@code vm:} command function on the registered command service (the launcher's
     * integration test drives the same commands through a real Gogo session).
     */
    private String gogo(String command) throws Exception {
        ServiceReference<?>[] refs = ctx.getServiceReferences((String) null, "(osgi.command.scope=vm)");
        assertTrue(refs != null && refs.length == 1, "one vm command service");
        Object commands = ctx.getService(refs[0]);
        String[] words = command.substring(3).split(" ");
        Class<?>[] types = new Class<?>[words.length - 1];
        java.util.Arrays.fill(types, String.class);
        Object[] args = java.util.Arrays.copyOfRange(words, 1, words.length, Object[].class);
        return String.valueOf(commands.getClass().getMethod(words[0], types).invoke(commands, args));
    }

    @Test
    void loggingIsRealSlf4jNotTheNopFallback() {
        assertTrue(LoggerFactory.getILoggerFactory().getClass().getName().contains("Simple"),
                LoggerFactory.getILoggerFactory().getClass().getName());
    }
}
