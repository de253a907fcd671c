package dev.pancake.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisMonitorTest {

    @Test
    void listsTheCommandsRunBetweenTwoMarks(TestRedis redis) {
        try (RedisMonitor monitor = RedisMonitor.start(redis)) {
            redis.set("before", "x");
            monitor.mark();
            redis.set("a key", "a \"quoted\" välue\n");
            redis.command("SADD", "set", "m1", "m2");
            redis.del("a key");
            List<RedisMonitor.Command> seen = monitor.mark();
            assertEquals(List.of(List.of("SET", "a key", "a \"quoted\" välue\n"), List.of("SADD", "set", "m1", "m2"),
                    List.of("DEL", "a key")), seen.stream().map(RedisMonitor.Command::args).toList());
            assertEquals(List.of(), monitor.mark());
        }
    }
}
