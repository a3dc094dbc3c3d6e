# fazhi-extract image: multi-stage, Debian 12, runtime packages only.
# Abseil, protobuf, gRPC, RE2, Hyperscan and RocksDB are linked in
# statically (see the top CMakeLists.txt); the image installs the shared
# libraries the binary still loads (tests/deploy/manifests_test.py checks).
#   docker build -f deploy/docker/extract.Dockerfile -t REGISTRY/fazhi-extract:TAG .
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
    -DFAZHI_BUILD_TESTS=OFF && cmake --build /build --target fazhi-extract fazhi-parser fazhi_gazetteer_index

FROM debian:12-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      libprometheus-cpp-core1.0 libssl3 libzip4 libbz2-1.0 libpugixml1v5 libgumbo1 libcivetweb1 libpoppler-cpp0v5 \
      libopencc1.1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/fazhi fazhi \
    && mkdir -p /var/lib/fazhi && chown fazhi /var/lib/fazhi
# The binary finds the gazetteer at ../share/fazhi/gazetteer.tsv beside it.
COPY --from=build /build/bin/fazhi-extract /opt/fazhi/bin/fazhi-extract
# PDF, DOCX and HTML are parsed in worker processes of this binary, which
# fazhi-extract starts from its own directory.
COPY --from=build /build/bin/fazhi-parser /opt/fazhi/bin/fazhi-parser
COPY --from=build /build/share/fazhi/gazetteer.tsv /opt/fazhi/share/fazhi/gazetteer.tsv
# PDFs are read by this module (poppler inside), loaded when the first comes.
COPY --from=build /build/lib/fazhi/fazhi_pdf.so /opt/fazhi/lib/fazhi/fazhi_pdf.so
USER fazhi
EXPOSE 7102 9101
ENTRYPOINT ["/opt/fazhi/bin/fazhi-extract"]
