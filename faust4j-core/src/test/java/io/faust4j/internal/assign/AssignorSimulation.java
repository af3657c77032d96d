package io.faust4j.internal.assign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A group of simulated workers driven by a seeded random: workers join (new, or restarting with the state
 * left on disk), leave (with their disk), crash (keeping it), and changelogs grow. Each round builds the
 * subscriptions the workers would send, runs the assignor, lets {@link AssignorChecks} judge the round, and
 * applies it while records keep arriving (each changelog grows by up to the acceptable lag a round): an
 * active task's state follows the changelog end, a standby catches up to within half the acceptable lag
 * before the next round, and state no longer kept falls behind.
 */
final class AssignorSimulation {
    static final int MAX_MEMBERS = 7;

    /** One worker process, online or not, with what it keeps on disk. */
    static final class Worker {
        final String id;
        String memberId = "";
        boolean online;
        Set<TaskId> active = new TreeSet<>();
        Set<TaskId> standby = new TreeSet<>();
        Map<TaskId, Long> positions = new TreeMap<>();
        Leadership knownLeader = Leadership.NONE;

        Worker(String id) {
            this.id = id;
        }
    }

    final Random random;
    final AssignorConfig config;
    final SortedSet<TaskId> tasks = new TreeSet<>();
    final SortedMap<TaskId, Long> ends = new TreeMap<>();
    final Map<String, Worker> workers = new TreeMap<>();
    final AssignorChecks checks;
    private int memberSequence;
    GroupState lastState;
    GroupAssignment last;

    /** Under the eager protocol every member gives up its tasks before a round: nobody owns any during it. */
    final boolean cooperative;

    AssignorSimulation(long seed, boolean cooperative) {
        this.cooperative = cooperative;
        random = new Random(seed);
        config = new AssignorConfig(random.nextInt(3), 100, 1 + random.nextInt(3));
        int groups = 1 + random.nextInt(3);
        for (int g = 0; g < groups; g++) {
            boolean stateful = random.nextInt(4) != 0;
            int partitions = 1 + random.nextInt(8);
            for (int p = 0; p < partitions; p++) {
                TaskId task = new TaskId("g" + g, p);
                tasks.add(task);
                if (stateful) {
                    ends.put(task, (long) random.nextInt(2_000));
                }
            }
        }
        checks = new AssignorChecks(this);
    }

    List<Worker> online() {
        return workers.values().stream().filter(w -> w.online).toList();
    }

    // ---- events ----

    /** A new worker, or one that crashed earlier restarting with what is on its disk. */
    void join() {
        List<Worker> offline = workers.values().stream().filter(w -> !w.online).toList();
        Worker worker = !offline.isEmpty() && random.nextBoolean()
                ? offline.get(random.nextInt(offline.size()))
                : new Worker("w" + workers.size());
        workers.putIfAbsent(worker.id, worker);
        worker.online = true;
        worker.memberId = "m" + (memberSequence++) + "-" + worker.id;
        worker.active.clear();
        worker.standby.clear();
    }

    /** A graceful leave of a machine that is gone for good: its disk goes with it. */
    void leave() {
        Worker worker = randomOnline();
        worker.online = false;
        worker.positions.clear();
        workers.remove(worker.id);
    }

    /** A kill -9: the member is dropped after its session timeout; its disk stays for a restart. */
    void crash() {
        Worker worker = randomOnline();
        worker.online = false;
    }

    /** Records arrive: changelogs grow, the owners keep up and standbys fall behind until they catch up. */
    void lagReport() {
        for (TaskId task : ends.keySet()) {
            if (random.nextBoolean()) {
                long growth = random.nextInt(5 * (int) config.acceptableRecoveryLag() + 1);
                ends.merge(task, growth, Long::sum);
                online().stream().filter(w -> w.active.contains(task))
                        .forEach(w -> w.positions.put(task, ends.get(task)));
            }
        }
    }

    private Worker randomOnline() {
        List<Worker> online = online();
        return online.get(random.nextInt(online.size()));
    }

    // ---- rounds ----

    GroupState state() {
        List<MemberSubscription> members = new ArrayList<>();
        for (Worker w : online()) {
            members.add(new MemberSubscription(w.memberId, new SubscriptionInfo(w.id, "http://" + w.id + ":6066",
                    w.active, w.standby, w.positions, w.knownLeader), cooperative ? w.active : Set.of()));
        }
        return GroupState.of(members, tasks, ends);
    }

    /** One rebalance round: assign, check, apply, and let the standbys catch up until the next one. */
    GroupAssignment round() {
        GroupState state = state();
        GroupAssignment assignment = Assignor.assign(state, config);
        checks.round(state, assignment);
        ends.replaceAll((task, end) -> end + random.nextInt((int) config.acceptableRecoveryLag() + 1));
        for (Worker w : online()) {
            MemberAssignment share = assignment.member(w.memberId);
            w.active = new TreeSet<>(share.activeTasks());
            w.standby = new TreeSet<>(share.standbyTasks());
            w.knownLeader = assignment.leader();
            for (TaskId task : w.active) {
                if (ends.containsKey(task)) {
                    w.positions.put(task, ends.get(task));
                }
            }
            for (TaskId task : w.standby) {
                long behind = random.nextInt((int) config.acceptableRecoveryLag() / 2 + 1);
                w.positions.put(task, Math.max(w.positions.getOrDefault(task, 0L), ends.get(task) - behind));
            }
        }
        lastState = state;
        last = assignment;
        return assignment;
    }

    /** Each online worker's active tasks, by worker id. */
    Map<String, Set<TaskId>> activeByWorker() {
        Map<String, Set<TaskId>> result = new HashMap<>();
        online().forEach(w -> result.put(w.id, new HashSet<>(w.active)));
        return result;
    }
}
