# onbrand in a container: the static release binary and nothing else (no shell, no libc,
# no package manager), running as an unprivileged user.
#
#   scripts/package-release x86_64-unknown-linux-musl      # or take the archive from a release
#   docker build -t onbrand .                              # podman and buildah read this file too
#   docker run --rm -v "$PWD:/work" onbrand check .
#   docker run --rm -p 127.0.0.1:7700:7700 -e ONBRAND_TOKEN=... onbrand \
#     serve --listen 0.0.0.0:7700 --token-env ONBRAND_TOKEN
#
# The binary is built outside the image on purpose: the release workflow, the local dry run
# (scripts/release-dry-run) and this image ship the same bytes, and the image builds without
# pulling a base image.
FROM scratch
ARG TARGET=x86_64-unknown-linux-musl
COPY target/${TARGET}/dist/onbrand /onbrand
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/onbrand"]
CMD ["--help"]
