# fazhi-gateway image: multi-stage, Debian 12, runtime packages only (the
# shared libraries the binary loads; tests/deploy/manifests_test.py checks).
#   docker build -f deploy/docker/gateway.Dockerfile -t REGISTRY/fazhi-gateway:TAG .
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
    -DFAZHI_BUILD_TESTS=OFF && cmake --build /build --target fazhi-gateway fazhi_web fazhi_gazetteer_index

FROM debian:12-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      libprometheus-cpp-core1.0 libssl3 libcivetweb1 libxlsxwriter4 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/fazhi fazhi
COPY --from=build /build/bin/fazhi-gateway /opt/fazhi/bin/fazhi-gateway
# civetweb's OpenSSL 3 compatibility libraries (common/https), found by the
# binary's RUNPATH $ORIGIN/../lib/civetweb-openssl.
COPY --from=build /build/lib/civetweb-openssl /opt/fazhi/lib/civetweb-openssl
# The web page (with ECharts) and the gazetteer for its region pickers,
# found beside the binary.
COPY --from=build /build/share/fazhi/web /opt/fazhi/share/fazhi/web
COPY --from=build /build/share/fazhi/gazetteer.tsv /opt/fazhi/share/fazhi/gazetteer.tsv
USER fazhi
EXPOSE 7100 9101
ENTRYPOINT ["/opt/fazhi/bin/fazhi-gateway"]
