#!/usr/bin/env bash
# Mutation testing: applies classic mutations (a flipped comparison, an off-by-one, a dropped
# term, a deleted check) one at a time to the threshold derivation, the multi-bit weight planes
# and activation levels, the emulator's scalar kernels, comparator intervals, the combination of
# weight planes and naive reference, the analytic bit error rate and the CRC check, rebuilds the
# test binary that guards the mutated module, runs it, and reports whether the mutant was killed
# (a test failed) or survived. docs/testing.md records a run.
#
#   scripts/mutate.sh              every mutant (about 30 minutes on two shared cores)
#   scripts/mutate.sh T1 K2        only these mutants
#   WORK=/tmp/mutate JOBS=2 scripts/mutate.sh
#
# The mutants are applied to a copy of the sources in $WORK/src (default build/mutate), never to
# the work tree. A mutation site is found by its exact text, so that the list survives rewrites
# around it; a site that is no longer there is reported as "gone", not as a survivor. Exit code 1
# when a mutant survives (or a site is gone).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-$repo/build/mutate}"
JOBS="${JOBS:-2}"
only=("$@")

# id @ file @ test binary @ what the mutation does @ text @ replacement (\n: a line break)
mutants=$(cat <<'EOF'
T1@lib/passes/threshold.cpp@test_passes@Ge threshold one above the step@{ir::Compare::Kind::Ge, value(b[c])}@{ir::Compare::Kind::Ge, value(b[c] + 1)}
T2@lib/passes/threshold.cpp@test_passes@Ge threshold one below the step@{ir::Compare::Kind::Ge, value(b[c])}@{ir::Compare::Kind::Ge, value(b[c] - 1)}
T3@lib/passes/threshold.cpp@test_passes@Le threshold one above the step@{ir::Compare::Kind::Le, value(a[c])}@{ir::Compare::Kind::Le, value(a[c] + 1)}
T4@lib/passes/threshold.cpp@test_passes@bisection keeps the wrong half@(at_mid[c] == at_lo[c] ? a[c] : b[c])@(at_mid[c] != at_lo[c] ? a[c] : b[c])
T5@lib/passes/threshold.cpp@test_passes@Ge and Le swapped (the gamma < 0 flip lost)@else if (at_hi[c])@else if (at_lo[c])
T6@lib/passes/threshold.cpp@test_passes@pool mode: OR only when strictly increasing@use_or[c] = dir_y * dir_h >= 0;@use_or[c] = dir_y * dir_h > 0;
T7@lib/passes/threshold.cpp@test_passes@output affine without its offset@offset[c] = f0[c];@offset[c] = 0;
T8@lib/passes/threshold.cpp@test_passes@tie warning for Ge/Le channels only@cmp[c].kind != ir::Compare::Kind::Zero@cmp[c].kind == ir::Compare::Kind::Ge
T9@lib/passes/channel_chain.cpp@test_passes@chain probe without the bias@y[c] = scaled + static_cast<float>(linear_->bias[c]);@y[c] = scaled;
T10@lib/passes/linear.cpp@test_passes@pre-activation scale without the activation's half level@layer.pre_scale[c] = alpha * in.half;@layer.pre_scale[c] = alpha;
T11@lib/passes/lower.cpp@test_passes@second max pool of a layer accepted@  if (layer.pool.enabled)@  if (false)
K1@lib/emulator/kernels_scalar.cpp@test_emulator@binary kernel: AND instead of XOR@acc[j] += __builtin_popcountll(xm[k] ^ wg[k * kGroup + j]);@acc[j] += __builtin_popcountll(xm[k] & wg[k * kGroup + j]);
K2@lib/emulator/kernels_scalar.cpp@test_emulator@threshold interval open at its low end@uint64_t(l[n] <= cr[n] && cr[n] <= h[n])@uint64_t(l[n] < cr[n] && cr[n] <= h[n])
K3@lib/emulator/kernels_scalar.cpp@test_emulator@bit-serial kernel drops the last of four inputs@for (int64_t b = 0; b < 4; ++b)@for (int64_t b = 0; b < 3; ++b)
K4@lib/emulator/kernels_scalar.cpp@test_emulator@input comparator strict@sign[i] * x[i] >= t[i]@sign[i] * x[i] > t[i]
K5@lib/emulator/thresholds.cpp@test_emulator@count interval of Keff - p instead of Keff - 2p@compare.eval(double(keff - 2 * p))@compare.eval(double(keff - p))
K6@lib/emulator/thresholds.h@test_emulator@interval bisection keeps the wrong half@(pass(mid) == at_first ? lo : hi) = mid;@(pass(mid) != at_first ? lo : hi) = mid;
K7@lib/emulator/thresholds.h@test_emulator@interval one too wide at its low end@Interval{int32_t(hi), int32_t(last)}@Interval{int32_t(lo), int32_t(last)}
R1@lib/emulator/reference.cpp@test_emulator@reference: padding check off by one@y < 0 || y >= g.ih || x < 0 || x >= g.iw@y < 0 || y >= g.ih || x < 0 || x > g.iw
R2@lib/emulator/reference.cpp@test_emulator@reference: bit-serial pre without lo * A@return serial.lo * double(sum_w) + serial.step * double(sum_wv);@return serial.step * double(sum_wv);
R3@lib/emulator/reference.cpp@test_emulator@reference: OR and AND pooling swapped@r = use_or ? std::max(r, e) : std::min(r, e);@r = use_or ? std::min(r, e) : std::max(r, e);
R4@lib/emulator/reference.cpp@test_emulator@reference: input quantized by floor@std::clamp(std::round(v), 0.0, qmax)@std::clamp(std::floor(v), 0.0, qmax)
W1@lib/passes/weight_planes.cpp@test_passes@multi-bit weight offset without 2^bits - 1@out.weight_offset[size_t(c)] = 2 * g.kmin + (int64_t(1) << bits) - 1;@out.weight_offset[size_t(c)] = 2 * g.kmin + (int64_t(1) << bits);
W2@lib/passes/weight_planes.cpp@test_passes@one weight plane too few@while ((int64_t(1) << bits) < g->kmax - g->kmin + 1)@while ((int64_t(1) << bits) < g->kmax - g->kmin)
Q1@lib/passes/quantized_output.cpp@test_passes@multi-bit activation level j counted from j + 1@b[c] = l[c] >= j;@b[c] = l[c] > j;
P1@lib/emulator/combine.cpp@test_emulator@planes: weight offset dropped for +-1 inputs@o[n] += int32_t(2 * e[n] * ones[r]);@o[n] += int32_t(0 * e[n] * ones[r]);
P2@lib/emulator/combine.cpp@test_emulator@planes: weight plane i weighted 2^(i+1)@o[n] += s[i * plane_stride + n] * (Sum(1) << i);@o[n] += s[i * plane_stride + n] * (Sum(2) << i);
P3@lib/emulator/corrections.cpp@test_emulator@planes: a flipped read leaves A unchanged@if (f->plane == 0 && isValid(*pass.lp, f->row, f->slot))@if (f->plane == -1 && isValid(*pass.lp, f->row, f->slot))
B1@lib/device/analytic.cpp@test_device@2T2R BER without the read noise@2 * r * r + o * o@o * o
B2@lib/device/analytic.cpp@test_device@2T2R BER with one read's noise instead of two@2 * r * r + o * o@r * r + o * o
B3@lib/device/analytic.cpp@test_device@1T1R BER: the sum instead of the mean@return 0.5 * (wrong_lrs + wrong_hrs);@return wrong_lrs + wrong_hrs;
B4@lib/device/analytic.cpp@test_device@1T1R BER without the HRS errors@return 0.5 * (wrong_lrs + wrong_hrs);@return 0.5 * wrong_lrs;
C1@lib/support/crc32.cpp@test_image@CRC without the final inversion@  return ~crc;@  return crc;
C2@lib/support/crc32.cpp@test_image@CRC table with a one-bit shift less@c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;@c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c;
C3@lib/image/section_table.cpp@test_image@section CRC mismatch ignored@if (s.crc_stored != s.crc_computed)@if (false)
C4@lib/image/container.cpp@test_image@section CRC over one byte less@s.crc_computed = crc32(bytes.data() + s.offset, size_t(s.size));@s.crc_computed = crc32(bytes.data() + s.offset, size_t(s.size) - 1);
C5@lib/image/container.cpp@test_image@header CRC mismatch ignored@    if (stored != computed)@    if (false)
EOF
)

# A fresh copy with the files' times kept, so that a second run rebuilds only what changed.
rm -rf "$WORK/src"
mkdir -p "$WORK/src"
tar -C "$repo" --exclude=./build --exclude=./.git -cf - . | tar -C "$WORK/src" -xf -
cmake -S "$WORK/src" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release >/dev/null

# Replaces the one occurrence of $2 in file $1 by $3; exit code 3 when it is not there, 4 when
# it is there more than once.
replace_once() {
  python3 - "$@" <<'PY'
import sys
path, old, new = (a.replace("\\n", "\n") for a in sys.argv[1:4])
text = open(path).read()
if text.count(old) != 1:
    sys.exit(3 if text.count(old) == 0 else 4)
open(path, "w").write(text.replace(old, new))
PY
}

survivors=0
results=()
while IFS='@' read -r id file binary what from to; do
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " =~ " $id " ]]; then
    continue
  fi
  src="$WORK/src/$file"
  status=0
  replace_once "$src" "$from" "$to" || status=$?
  if [ "$status" -ne 0 ]; then
    result="site gone (its text is not in $file once)"
    survivors=$((survivors + 1))
  elif ! cmake --build "$WORK/build" -j"$JOBS" --target "$binary" >"$WORK/build.log" 2>&1; then
    result="does not compile"
  else
    status=0
    (cd "$WORK/build" && "./$binary" --gtest_brief=1 >"$WORK/$id.log" 2>&1) || status=$?
    failed=$(grep -c '^\[  FAILED  \] .*)$' "$WORK/$id.log" || true)
    if [ "$status" -eq 0 ]; then
      result="SURVIVED"
      survivors=$((survivors + 1))
    elif [ "$status" -gt 128 ]; then
      result="killed ($binary crashed, signal $((status - 128)), after $failed failed tests)"
    else
      result="killed ($failed tests of $binary failed)"
    fi
  fi
  cp "$repo/$file" "$src"
  touch "$src"
  echo "$id  $what: $result"
  results+=("| $id | \`$file\` | $what | $result |")
done <<<"$mutants"

echo
echo "| mutant | file | mutation | result |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "$survivors of ${#results[@]} mutants survived or lost their site"
[ "$survivors" -eq 0 ]
