package dev.durable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness verdicts against a fake {@code /proc}: "gone" only for a pid of the same boot and pid
 * namespace that no longer exists or now belongs to a process started at another tick; "may be
 * alive" (the lease decides) for everything that cannot be compared.
 */
class ProcessOwnersTest {
  private static final long SELF = 100;

  @TempDir Path proc;

  @BeforeEach
  void fakeProc() throws IOException {
    Files.createDirectories(proc.resolve("sys/kernel/random"));
    Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "b00t-1\n");
    Files.writeString(proc.resolve("stat"), "cpu 1 2 3\nbtime 1764979200\n");
    Files.createSymbolicLink(proc.resolve("self"), Path.of(Long.toString(SELF)));
    process(SELF, 5000);
    Files.createDirectories(proc.resolve(SELF + "/ns"));
    Files.createSymbolicLink(proc.resolve(SELF + "/ns/pid"), Path.of("pid:[4026531836]"));
  }

  private void process(long pid, long startTicks) throws IOException {
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    // The command name may hold spaces and parentheses; the start time is field 22.
    Files.writeString(proc.resolve(pid + "/stat"), pid + " (java (main) x) S 1 " + pid + " " + pid
        + " 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 30 0 " + startTicks + " 1000000 500 18446744073709551615\n");
  }

  private ProcessOwners owners() {
    return new ProcessOwners(proc, SELF, "host-a");
  }

  @Test
  void anOwnerOfThisProcess_isAlive_andNamesItsIdentity() {
    String owner = owners().newOwner();
    assertThat(owner).startsWith("host-a|b00t-1|4026531836|100|5000|");
    assertThat(owners().mayBeAlive(owner)).isTrue();
  }

  @Test
  void anOwnerWhoseProcessIsGone_isGone() throws IOException {
    process(200, 7000);
    String owner = "host-a|b00t-1|4026531836|200|7000|u";
    assertThat(owners().mayBeAlive(owner)).isTrue();
    Files.delete(proc.resolve("200/stat"));
    Files.delete(proc.resolve("200"));
    assertThat(owners().mayBeAlive(owner)).isFalse();
  }

  @Test
  void aPidReusedByALaterProcess_isGone_thisJvmsOwnPidIncluded() throws IOException {
    process(200, 9000);
    assertThat(owners().mayBeAlive("host-a|b00t-1|4026531836|200|7000|u")).isFalse();
    // A restarted container whose Java is pid 100 again: its predecessor with pid 100 is gone.
    assertThat(owners().mayBeAlive("host-a|b00t-1|4026531836|100|4000|u")).isFalse();
  }

  @Test
  void anotherPidNamespace_anotherBoot_orAnOldOwnerString_isLeftToTheLease() {
    // Pid 300 does not exist here, yet nothing says it does not exist there.
    assertThat(owners().mayBeAlive("host-a|b00t-1|4026532174|300|7000|u")).as("other pid namespace").isTrue();
    assertThat(owners().mayBeAlive("host-a|b00t-2|4026531836|300|7000|u")).as("other boot").isTrue();
    assertThat(owners().mayBeAlive("host-b|b00t-2|4026531836|300|7000|u")).as("other host").isTrue();
    assertThat(owners().mayBeAlive("host-a|300|1764979200000|u")).as("owner of an older version").isTrue();
    assertThat(owners().mayBeAlive("host-a|-|-|300|-|u")).as("owner that could not know itself").isTrue();
  }

  @Test
  void aSteppedWallClock_changesNoVerdict() throws IOException {
    process(200, 7000);
    String owner = "host-a|b00t-1|4026531836|200|7000|u";
    assertThat(owners().mayBeAlive(owner)).isTrue();
    // An NTP step moves the boot time the kernel reports (whole seconds); ticks since boot stay.
    Files.writeString(proc.resolve("stat"), "cpu 1 2 3\nbtime 1764979201\n");
    assertThat(owners().mayBeAlive(owner)).isTrue();
    assertThat(new ProcessOwners(proc, SELF, "host-a").mayBeAlive(owner)).as("a JVM started after the step").isTrue();
  }

  @Test
  void aProcOfAnotherPidNamespace_vouchesForNobody() throws IOException {
    // Mounted without --mount-proc in a new namespace: /proc/self is not our pid.
    Files.delete(proc.resolve("self"));
    Files.createSymbolicLink(proc.resolve("self"), Path.of("7"));
    ProcessOwners confused = new ProcessOwners(proc, SELF, "host-a");
    assertThat(confused.newOwner()).startsWith("host-a|-|-|100|-|");
    assertThat(confused.mayBeAlive("host-a|b00t-1|4026531836|300|7000|u")).isTrue();
  }

  @Test
  void onThisMachine_theRealProc_vouchesForThisJvm() {
    ProcessOwners real = ProcessOwners.forThisProcess();
    assertThat(real.mayBeAlive(real.newOwner())).isTrue();
  }
}
