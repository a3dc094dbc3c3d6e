# fazhi-aggregate image: multi-stage, Debian 12, runtime packages only.
# Abseil, protobuf, gRPC, RE2, Hyperscan and RocksDB are linked in
# statically (see the top CMakeLists.txt); the image installs the shared
# libraries the binary still loads (tests/deploy/manifests_test.py checks).
#   docker build -f deploy/docker/aggregate.Dockerfile -t REGISTRY/fazhi-aggregate:TAG .
FROM debian:12 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates sudo \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Packages first: this layer stays cached until the setup script or a
# package lock changes; the source comes after it.
COPY tools/setup.sh tools/setup.sh
COPY tools/gazetteer/package.json tools/gazetteer/package-lock.json tools/gazetteer/
COPY services/gateway/web/package.json services/gateway/web/package-lock.json services/gateway/web/
RUN FAZHI_SETUP_NO_BROWSER=1 bash tools/setup.sh
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DFAZHI_BUILD_TESTS=OFF && cmake --build /build --target fazhi-aggregate fazhi_gazetteer_index

FROM debian:12-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      libprometheus-cpp-core1.0 libssl3 libsnappy1v5 liblz4-1 libzstd1 libbz2-1.0 libcivetweb1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/fazhi fazhi \
    && mkdir -p /var/lib/fazhi && chown fazhi /var/lib/fazhi
# The binary finds the gazetteer at ../share/fazhi/gazetteer.tsv beside it.
COPY --from=build /build/bin/fazhi-aggregate /opt/fazhi/bin/fazhi-aggregate
COPY --from=build /build/share/fazhi/gazetteer.tsv /opt/fazhi/share/fazhi/gazetteer.tsv
USER fazhi
EXPOSE 7103 9101
ENTRYPOINT ["/opt/fazhi/bin/fazhi-aggregate"]
