#!/usr/bin/env bash
# The image's own files beside Jib's layers of jars: a Java runtime cut down to the modules Barker
# uses (jlink, from the JDK running the build) and the C libraries it links against, copied from
# this machine, as a distroless base image holds them. So the image is built from scratch, with no
# registry and no Docker daemon.
#   runtime.sh JAVA_HOME MODULES ROOT
set -euo pipefail
java_home="$1"
modules="$2"
root="$3"

rm -rf "$root"
mkdir -p "$root/data" "$root/tmp" "$root/etc"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$root/opt/java"

# Every shared library a binary or library of the runtime needs, from outside the runtime.
find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' \
  | grep -v "^$root" | sort -u \
  | while read -r library; do
      mkdir -p "$root$(dirname "$library")"
      cp -L "$library" "$root$library"
    done

# Who runs it, and how names resolve (glibc's files and dns lookups are built into libc.so.6).
printf 'root:x:0:0:root:/root:/sbin/nologin\nbarker:x:1000:1000:barker:/data:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nbarker:x:1000:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
