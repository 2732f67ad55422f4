"""Top frames of one flight recording's execution samples (see bench/profile-top.sh).

Reads `jfr print --events jdk.ExecutionSample --stack-depth N` on stdin and prints the top frames by
self share (the sample's leaf), by inclusive share (anywhere in the sample's stack) and the samples
per layer (JWT, JSON, Hibernate, JTA, JDBC, ...). Stdlib only.
"""
import collections
import re
import sys

# Layer of a frame by class-name prefix, first match wins (validation before Hibernate, the security
# part of Quarkus' HTTP layer before the HTTP layer). JDK frames other than crypto belong to no layer:
# a sample in java.util.HashMap called by Hibernate is Hibernate's.
LAYERS = [
    ("JWT / crypto", ("io.smallrye.jwt.", "org.jose4j.", "sun.security.", "java.security.", "javax.crypto.",
                      "com.sun.crypto.", "io.quarkus.smallrye.jwt.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson.", "io.quarkus.resteasy.reactive.jackson.", "io.quarkus.jackson.",
                        "org.jboss.resteasy.reactive.server.jackson.")),
    ("bean validation", ("org.hibernate.validator.", "jakarta.validation.", "io.quarkus.hibernate.validator.")),
    ("Hibernate ORM", ("org.hibernate.", "io.quarkus.hibernate.")),
    ("JTA (Narayana)", ("com.arjuna.", "io.narayana.", "io.quarkus.narayana.", "org.jboss.tm.", "jakarta.transaction.")),
    ("JDBC driver (pgjdbc)", ("org.postgresql.",)),
    ("connection pool (Agroal)", ("io.agroal.",)),
    ("logging", ("org.jboss.logmanager.", "org.jboss.logging.", "io.quarkus.bootstrap.logging.", "org.slf4j.")),
    ("metrics (Micrometer)", ("io.micrometer.", "io.quarkus.micrometer.")),
    ("security (Quarkus)", ("io.quarkus.security.", "io.quarkus.vertx.http.runtime.security.")),
    ("REST (RESTEasy Reactive)", ("org.jboss.resteasy.", "io.quarkus.resteasy.")),
    ("CDI (ArC)", ("io.quarkus.arc.",)),
    ("context propagation", ("io.smallrye.context.", "io.quarkus.smallrye.context.")),
    ("HTTP (Vert.x / Netty)", ("io.vertx.", "io.netty.", "io.quarkus.vertx.")),
    ("application (io.github.crmvault)", ("io.github.crmvault.",)),
]
OTHER = "JDK / other"
# Layers whose entry frames get an inclusive figure; the others (HTTP, REST, CDI, context propagation)
# are the dispatch that wraps everything.
LIBRARIES = {"JWT / crypto", "JSON (Jackson)", "bean validation", "Hibernate ORM", "JTA (Narayana)",
             "JDBC driver (pgjdbc)", "connection pool (Agroal)", "logging", "metrics (Micrometer)", "security (Quarkus)"}
FRAME = re.compile(r"^\s+(\S+?)\((.*)\)(?:\s+line:.*)?$")


def layer_of(frame):
    for name, prefixes in LAYERS:
        if frame.startswith(prefixes):
            return name
    return None


GENERATED = re.compile(r"_Subclass|_Bean\b|_ClientProxy|\$quarkusrestinvoker|\$\$|_Observer|_ProducerMethod")


def entry_frames(stack, layers):
    """The frames worth an inclusive figure: application methods (not the generated CDI and REST glue) and
    the frame where the stack enters a layer from another (Hibernate's find, pgjdbc's executeQuery,
    Jackson's writeValue, the JWT parser...): listing every frame would show the dispatch chain only."""
    out = []
    # stack[0] is the leaf: walk from the root so that "entering" means called from another layer.
    prev = None
    for f, l in zip(reversed(stack), reversed(layers)):
        if l == "application (io.github.crmvault)":
            if not GENERATED.search(f):
                out.append(f)
        elif l in LIBRARIES and l != prev:
            out.append(f)
        if l is not None:
            prev = l
    return out


def samples(lines):
    stack = None
    for line in lines:
        if line.strip() == "stackTrace = [":
            stack = []
        elif stack is not None:
            if line.strip() == "]":
                yield stack
                stack = None
            else:
                m = FRAME.match(line)
                if m:  # "..." (a truncated stack) is no frame
                    stack.append(m.group(1))


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "recording"
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    roots_cut = 0.8
    self_c, incl_c, layer_self, layer_incl = (collections.Counter() for _ in range(4))
    n = 0
    for stack in samples(sys.stdin):
        if not stack:
            continue
        n += 1
        self_c[stack[0]] += 1
        layers = [layer_of(f) for f in stack]
        incl_c.update(set(entry_frames(stack, layers)))
        layer_self[next((l for l in layers if l), OTHER)] += 1
        layer_incl.update({l for l in layers if l})
    print(f"## {name}: {n} execution samples")
    if n == 0:
        return
    pct = lambda c: f"{100.0 * c / n:5.1f}%"
    print()
    print(f"Top {top} frames, self (the sampled leaf):")
    for f, c in self_c.most_common(top):
        print(f"  {pct(c)}  {f}")
    print()
    roots = [f for f, c in incl_c.items() if c >= roots_cut * n]
    print(f"Top {top} frames, inclusive (application methods and each entry into a layer, anywhere on the stack;"
          f" {len(roots)} on >= {roots_cut:.0%} of samples, the threads' roots, left out):")
    for f, c in [(f, c) for f, c in incl_c.most_common() if c < roots_cut * n][:top]:
        print(f"  {pct(c)}  {f}")
    print()
    print("By layer: self = the innermost frame of a known layer (sums to 100%); inclusive = the layer anywhere on the stack:")
    for l, c in sorted(layer_self.items(), key=lambda x: -x[1]):
        print(f"  {pct(c)} self  {pct(layer_incl.get(l, c))} incl.  {l}")
    for l, c in sorted(layer_incl.items(), key=lambda x: -x[1]):
        if l not in layer_self:
            print(f"  {pct(0)} self  {pct(c)} incl.  {l}")


if __name__ == "__main__":
    main()
