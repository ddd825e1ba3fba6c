/**
 * JMH benchmarks. Run after {@code mvn -pl bench -am package -DskipTests} with
 * {@code java -cp "bench/target/bench.jar:bench/target/lib/*" org.openjdk.jmh.Main [regex]}.
 */
package dev.surrogate.bench;
