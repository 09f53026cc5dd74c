#!/usr/bin/env bash
# Replaces the committed baseline of core.api and the SDK (cnf/baseline, a Maven file repository) with a release built
# from a commit: the contract every later build of core.api and sdk is compared with by bnd-baseline-maven-plugin.
#
#   cnf/release-baseline.sh <release version> [<commit>]      e.g.  cnf/release-baseline.sh 1.1.0 v1.1.0
#
# It exports <commit> (default HEAD) to a temporary folder, sets every pom's version to <release version>, builds core.api
# and sdk there (mvn verify without tests: their baseline check runs against the release before, as in any build),
# deploys the two jars into cnf/baseline after removing the release they replace, and points cnf/baseline-check at the
# new release (guanai.baseline.version). Commit cnf/ afterwards. MVN names the Maven command (default mvn).
# See "Releasing core.api and the SDK" in the root README.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    sed -n '5p' "$0" >&2
    exit 2
fi
release=$1
commit=${2:-HEAD}
mvn=${MVN:-mvn}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
repo="$root/cnf/baseline"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$work"

# the project version of that commit, as the root pom states it, becomes the release version in every pom
current=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$work/pom.xml" | head -n 1)
if [ -z "$current" ]; then
    echo "no project version in the root pom of $commit" >&2
    exit 1
fi
find "$work" -name pom.xml -exec sed -i "s:<version>$current</version>:<version>$release</version>:g" {} +

(cd "$work" && $mvn -B -ntp -q -pl core.api,sdk -DskipTests verify)

# deployed into a fresh repository first, so that a failure leaves the committed baseline as it was
staged="$work/baseline"
for artifact in core.api sdk; do
    # a pom of its own (the one inside the jar names a parent the baseline does not hold): the baseline is compared, never
    # a dependency
    cat > "$work/$artifact-baseline.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.guanai</groupId>
  <artifactId>$artifact</artifactId>
  <version>$release</version>
  <packaging>jar</packaging>
  <description>The released contract later builds of $artifact are baselined against (cnf/release-baseline.sh)</description>
</project>
POM
    (cd "$work" && $mvn -B -ntp -q -N org.apache.maven.plugins:maven-deploy-plugin:3.1.3:deploy-file \
        -Dfile="$work/$artifact/target/$artifact-$release.jar" -DpomFile="$work/$artifact-baseline.pom" \
        -DrepositoryId=guanai-baseline -Durl="file://$staged")
done
rm -rf "$repo/org/guanai/core.api" "$repo/org/guanai/sdk"
mkdir -p "$repo/org/guanai"
cp -r "$staged/org/guanai/core.api" "$staged/org/guanai/sdk" "$repo/org/guanai/"
sed -i "s:<guanai.baseline.version>.*</guanai.baseline.version>:<guanai.baseline.version>$release</guanai.baseline.version>:" \
    "$root/cnf/baseline-check/pom.xml"
echo "cnf/baseline now holds core.api and sdk $release built from $(git -C "$root" rev-parse --short "$commit")"
