//! Partitioned tridiagonal solve: the rows split into [`LANES`] segments eliminated side by side,
//! one segment in each lane of a vector register, and a small reduced system for the rows that
//! separate them.
//!
//! The method is the partition (substructuring) method of Wang (1981, "A parallel method for
//! tridiagonal equations", ACM Trans. Math. Softw. 7, 170-183), in the arrangement of the SPIKE
//! algorithm (Polizzi & Sameh 2006, Parallel Computing 32, 177-194): each segment is
//! solved for its right-hand side and for the two "spikes", its responses to the unknowns of
//! the separator rows on either side; the separator rows then form a tridiagonal system of
//! their own (the Schur complement of the segments), and every other unknown follows from the
//! separators' values without a recurrence.

use std::cell::RefCell;

/// Segments solved side by side (one AVX2 register, two SSE2 ones). Eight (two AVX2
/// registers, or one AVX-512 register) were measured slower on the benchmark's 152 rows: the
/// downward elimination is bound by the throughput of its operations and transposes rather
/// than by the latency of its recurrences, and the reduced system doubles.
pub(crate) const LANES: usize = 4;

/// One value of each segment.
pub(crate) type Lanes = [f64; LANES];

/// Continuants outside [2^-200, 2^200] are rescaled by a power of two (exactly), as in
/// [`super::tridiag`].
const RESCALE_ABOVE: f64 = 1.606_938_044_258_990_3e60;
const RESCALE_BELOW: f64 = 6.223_015_277_861_142e-61;

/// Continuants of magnitude outside [2^-1000, 2^1000] (reachable only between two range checks
/// of step 1 of [`partitioned`], with entries beyond 1e60 or below 1e-60) make the caller fall
/// back to the two-way elimination: a subnormal continuant would have lost digits.
const SAFE_BELOW: f64 = f64::from_bits((1023 - 1000) << 52);
const SAFE_ABOVE: f64 = f64::from_bits((1023 + 1000) << 52);

/// A reduced pivot that has lost more than 40 bits to cancellation, |p| < 2^-40 (|b| + |a w| +
/// |c v|), makes the reduced system unsafe: the caller falls back to the two-way elimination.
const CANCELLATION: f64 = 9.094_947_017_729_282e-13;

/// The largest reduced system of a [`Layout`].
const MAX_REDUCED: usize = 3 * LANES;

/// Working arrays of [`partitioned`], each of one [`Lanes`] per row of a segment, interleaved:
/// row `r` of a segment is `work[ROW r..ROW (r + 1)]` (one pointer for all five, and the five
/// values of a row in one or two cache lines).
const WORK_ARRAYS: usize = 5;

/// The [`Lanes`] of one row of the working arrays.
const ROW: usize = WORK_ARRAYS;

/// Where in a row of the working arrays: the continuant t_r (step 1; not read after step 2),
/// t_{r-1} as rescaled at row r (step 1, at the rows whose range is checked only), c_r (step
/// 1), then s_r and w_r (step 2), Y_r, then y_r, y'_r (step 2) and x_r (step 4), and V_r, then
/// v_r and v'_r.
const T: usize = 0;
const T_BEFORE: usize = 1;
const S: usize = 2;
const Y: usize = 3;
const V: usize = 4;

thread_local! {
    /// The segments' working arrays ([`WORK_ARRAYS`] of a segment's length), kept between
    /// calls.
    static WORK: RefCell<Vec<Lanes>> = const { RefCell::new(Vec::new()) };
}

/// The layout of the partition of `n` rows: [`LANES`] segments of `len` rows (odd), segment
/// `k` starting at row `k (len + 1)` and followed by a separator row, except the last segment,
/// which is followed by `n - LANES len - (LANES - 1)` (0 to `2 LANES - 1`) tail rows;
/// separators and tail rows make up the reduced system (at most [`MAX_REDUCED`] unknowns).
#[derive(Clone, Copy)]
struct Layout {
    /// Rows of each segment.
    len: usize,
    /// Unknowns of the reduced system: the `LANES - 1` separators and the tail rows.
    reduced: usize,
}

impl Layout {
    /// The layout for `n` rows (at least `2 LANES`).
    fn new(n: usize) -> Self {
        // Odd, so that the segments start at even rows (see `Avx::gather4`).
        let len = ((n - (LANES - 1)) / LANES - 1) | 1;
        Self {
            len,
            reduced: n - LANES * len,
        }
    }
}

/// Solves the system of [`super::tridiag::solve_tridiagonal`] (same arguments but the scratch)
/// by the partition method, for `n` of at least `2 LANES` rows. Returns false, with `d`
/// untouched, when a pivot of a segment or of the reduced system vanishes, is not finite or
/// (in the reduced system) has lost more than 40 bits to cancellation, or when a result is not
/// finite: the caller then solves by the two-way elimination, which gives today's verdict.
///
/// On x86-64 with AVX2 and FMA the segments run in a copy compiled for AVX2 (four lanes of a
/// register), elsewhere in the baseline copy; both perform the same IEEE operations in the
/// same order (no fused multiply-add), so they give the same bits (unit test).
pub(crate) fn solve_partitioned(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64]) -> bool {
    WORK.with(|work| {
        let Ok(mut work) = work.try_borrow_mut() else {
            return false;
        };
        solve_partitioned_in(a, b, c, d, &mut work)
    })
}

/// [`solve_partitioned`] with the segments' working arrays `work` (grown as needed) given by
/// the caller instead of the thread's own: a caller that solves again and again (the column
/// solver's flow and transport scratches) saves the look-up of the thread-local buffer and its
/// borrow, about 0.4 % of a benchmark column-year.
#[inline(always)]
pub(crate) fn solve_partitioned_in(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &mut [f64],
    work: &mut Vec<Lanes>,
) -> bool {
    let layout = Layout::new(b.len());
    if work.len() < WORK_ARRAYS * layout.len {
        work.resize(WORK_ARRAYS * layout.len, [0.0; LANES]);
    }
    #[cfg(target_arch = "x86_64")]
    if crate::column::simd::avx2_fma() {
        // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
        // requirement of calling a function compiled with those target features.
        return unsafe { partitioned_avx2(a, b, c, d, work) };
    }
    partitioned_plain(a, b, c, d, work)
}

/// [`partitioned`] on [`Avx`] packs, compiled for AVX2 and FMA (without fused operations,
/// which Rust never introduces); call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn partitioned_avx2(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64], work: &mut [Lanes]) -> bool {
    partitioned::<Avx>(a, b, c, d, work)
}

/// [`partitioned`] on plain arrays, in the baseline instruction set.
fn partitioned_plain(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64], work: &mut [Lanes]) -> bool {
    partitioned::<Lanes>(a, b, c, d, work)
}

/// One value of each segment with the lane-wise IEEE operations the solve needs: the same
/// correctly rounded operation on every lane, whatever the representation, so every
/// representation gives the same bits.
trait Pack: Copy {
    /// Every lane `x`.
    fn splat(x: f64) -> Self;
    /// Lane `k` from `x[r + k stride]`.
    ///
    /// # Safety
    /// `r + (LANES - 1) stride < x.len()`.
    unsafe fn gather(x: &[f64], r: usize, stride: usize) -> Self;
    /// Rows `r..r + 4`: lane `k` of pack `i` from `x[r + i + k stride]`.
    ///
    /// # Safety
    /// `r + 3 + (LANES - 1) stride < x.len()`.
    #[inline(always)]
    unsafe fn gather4(x: &[f64], r: usize, stride: usize) -> [Self; 4] {
        // SAFETY: the caller's bound covers the four rows.
        std::array::from_fn(|i| unsafe { Self::gather(x, r + i, stride) })
    }
    /// The inverse of [`Pack::gather4`]: lane `k` of `rows[i]` to `x[r + i + k stride]`.
    ///
    /// # Safety
    /// `r + 3 + (LANES - 1) stride < x.len()`.
    #[inline(always)]
    unsafe fn scatter4(rows: [Self; 4], x: &mut [f64], r: usize, stride: usize) {
        for (i, row) in rows.iter().enumerate() {
            for (k, &value) in row.to_lanes().iter().enumerate() {
                // SAFETY: the caller's bound covers the four rows.
                unsafe { *x.get_unchecked_mut(r + i + k * stride) = value };
            }
        }
    }
    /// From an array.
    fn load(x: &Lanes) -> Self;
    /// To an array.
    fn store(self, x: &mut Lanes);
    /// As an array.
    #[inline(always)]
    fn to_lanes(self) -> Lanes {
        let mut x = [0.0; LANES];
        self.store(&mut x);
        x
    }
    /// Lane-wise `self * y`.
    fn mul(self, y: Self) -> Self;
    /// Lane-wise `self - y`.
    fn sub(self, y: Self) -> Self;
    /// Lane-wise `self / y`.
    fn div(self, y: Self) -> Self;
    /// Lane-wise `-self` (exact).
    fn neg(self) -> Self;
    /// Lane-wise `|self|` (exact).
    fn abs(self) -> Self;
    /// Lane-wise maximum of `self` and `y` (neither NaN).
    fn max(self, y: Self) -> Self;
    /// Lane-wise minimum of `self` and `y` (neither NaN).
    fn min(self, y: Self) -> Self;
    /// Whether every lane's magnitude lies within [`low`, `high`] (so is not NaN).
    fn all_within(self, low: f64, high: f64) -> bool;
    /// `acc` (bits) or-ed with the bits of `self - self`, which is +0 (no bit set) for a finite
    /// lane and NaN for an infinite or NaN one: the finiteness of many packs accumulated in one
    /// bitwise or each.
    fn or_not_finite(self, acc: Self) -> Self;
    /// Whether no bit of any lane is set (every pack or-ed in by [`Pack::or_not_finite`]
    /// finite, starting from +0).
    fn all_clear(self) -> bool;
}

impl Pack for Lanes {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        [x; LANES]
    }
    #[inline(always)]
    unsafe fn gather(x: &[f64], r: usize, stride: usize) -> Self {
        // SAFETY: the caller's bound covers every lane.
        std::array::from_fn(|k| unsafe { *x.get_unchecked(r + k * stride) })
    }
    #[inline(always)]
    fn load(x: &Lanes) -> Self {
        *x
    }
    #[inline(always)]
    fn store(self, x: &mut Lanes) {
        *x = self;
    }
    #[inline(always)]
    fn mul(self, y: Self) -> Self {
        std::array::from_fn(|k| self[k] * y[k])
    }
    #[inline(always)]
    fn sub(self, y: Self) -> Self {
        std::array::from_fn(|k| self[k] - y[k])
    }
    #[inline(always)]
    fn div(self, y: Self) -> Self {
        std::array::from_fn(|k| self[k] / y[k])
    }
    #[inline(always)]
    fn neg(self) -> Self {
        self.map(|x| -x)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        self.map(f64::abs)
    }
    #[inline(always)]
    fn max(self, y: Self) -> Self {
        std::array::from_fn(|k| self[k].max(y[k]))
    }
    #[inline(always)]
    fn min(self, y: Self) -> Self {
        std::array::from_fn(|k| self[k].min(y[k]))
    }
    #[inline(always)]
    fn all_within(self, low: f64, high: f64) -> bool {
        self.iter()
            .fold(true, |all, &x| all & (low..=high).contains(&x.abs()))
    }
    #[inline(always)]
    // `x - x` on purpose: +0 for a finite x, NaN otherwise.
    #[allow(clippy::eq_op)]
    fn or_not_finite(self, acc: Self) -> Self {
        std::array::from_fn(|k| f64::from_bits(acc[k].to_bits() | (self[k] - self[k]).to_bits()))
    }
    #[inline(always)]
    fn all_clear(self) -> bool {
        self.iter().fold(0, |any, x| any | x.to_bits()) == 0
    }
}

/// [`LANES`] values in AVX registers of four.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Avx([std::arch::x86_64::__m256d; LANES / 4]);

#[cfg(target_arch = "x86_64")]
impl Avx {
    /// `f` on each register.
    #[inline(always)]
    fn each(
        self,
        y: Self,
        f: impl Fn(std::arch::x86_64::__m256d, std::arch::x86_64::__m256d) -> std::arch::x86_64::__m256d,
    ) -> Self {
        Self(std::array::from_fn(|g| f(self.0[g], y.0[g])))
    }
}

// SAFETY (every `unsafe` block of this impl): the methods are inlined into
// `partitioned_avx2`, which is called only on a processor with AVX2; loads and stores are of
// whole arrays (bounds known) except in `gather`, `gather4` and `scatter4`, whose callers
// guarantee their bounds.
#[cfg(target_arch = "x86_64")]
impl Pack for Avx {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        use std::arch::x86_64::*;
        Self([unsafe { _mm256_set1_pd(x) }; LANES / 4])
    }
    #[inline(always)]
    unsafe fn gather(x: &[f64], r: usize, stride: usize) -> Self {
        use std::arch::x86_64::*;
        let at = |k: usize| unsafe { *x.get_unchecked(r + k * stride) };
        Self(std::array::from_fn(|g| unsafe {
            let k = 4 * g;
            _mm256_set_pd(at(k + 3), at(k + 2), at(k + 1), at(k))
        }))
    }
    #[inline(always)]
    unsafe fn gather4(x: &[f64], r: usize, stride: usize) -> [Self; 4] {
        use std::arch::x86_64::*;
        let mut rows = [Self::splat(0.0); 4];
        for g in 0..LANES / 4 {
            // Pairs of rows of four segments in 16-byte loads, which lie inside one 16- or
            // 32-byte store of the assembly that has just written x (the segments start at
            // even rows, r is even), so that they are forwarded from the store buffer; a
            // 32-byte load two rows off the stores' grid of four would straddle two stores
            // and wait for them to reach the cache.
            let at = |j: usize, i: usize| unsafe { x.as_ptr().add(r + i + (4 * g + j) * stride) };
            for half in 0..2 {
                let i = 2 * half;
                // Segments 0 and 2 (1 and 3) in the low and high halves: rows i and i + 1.
                let (even, odd) = unsafe {
                    (
                        _mm256_insertf128_pd::<1>(
                            _mm256_castpd128_pd256(_mm_loadu_pd(at(0, i))),
                            _mm_loadu_pd(at(2, i)),
                        ),
                        _mm256_insertf128_pd::<1>(
                            _mm256_castpd128_pd256(_mm_loadu_pd(at(1, i))),
                            _mm_loadu_pd(at(3, i)),
                        ),
                    )
                };
                unsafe {
                    rows[i].0[g] = _mm256_unpacklo_pd(even, odd);
                    rows[i + 1].0[g] = _mm256_unpackhi_pd(even, odd);
                }
            }
        }
        rows
    }
    #[inline(always)]
    unsafe fn scatter4(rows: [Self; 4], x: &mut [f64], r: usize, stride: usize) {
        use std::arch::x86_64::*;
        for g in 0..LANES / 4 {
            let segments = transpose(std::array::from_fn(|i| rows[i].0[g]));
            for (j, &segment) in segments.iter().enumerate() {
                unsafe { _mm256_storeu_pd(x.as_mut_ptr().add(r + (4 * g + j) * stride), segment) };
            }
        }
    }
    #[inline(always)]
    fn load(x: &Lanes) -> Self {
        use std::arch::x86_64::*;
        Self(std::array::from_fn(|g| unsafe {
            _mm256_loadu_pd(x.as_ptr().add(4 * g))
        }))
    }
    #[inline(always)]
    fn store(self, x: &mut Lanes) {
        use std::arch::x86_64::*;
        for g in 0..LANES / 4 {
            unsafe { _mm256_storeu_pd(x.as_mut_ptr().add(4 * g), self.0[g]) };
        }
    }
    #[inline(always)]
    fn mul(self, y: Self) -> Self {
        self.each(y, |p, q| unsafe { std::arch::x86_64::_mm256_mul_pd(p, q) })
    }
    #[inline(always)]
    fn sub(self, y: Self) -> Self {
        self.each(y, |p, q| unsafe { std::arch::x86_64::_mm256_sub_pd(p, q) })
    }
    #[inline(always)]
    fn div(self, y: Self) -> Self {
        self.each(y, |p, q| unsafe { std::arch::x86_64::_mm256_div_pd(p, q) })
    }
    #[inline(always)]
    fn neg(self) -> Self {
        use std::arch::x86_64::*;
        let sign = unsafe { _mm256_set1_pd(-0.0) };
        self.each(Self([sign; LANES / 4]), |p, q| unsafe {
            _mm256_xor_pd(p, q)
        })
    }
    #[inline(always)]
    fn abs(self) -> Self {
        use std::arch::x86_64::*;
        let magnitude = unsafe { _mm256_set1_pd(f64::from_bits(0x7fff_ffff_ffff_ffff)) };
        self.each(Self([magnitude; LANES / 4]), |p, q| unsafe {
            _mm256_and_pd(p, q)
        })
    }
    #[inline(always)]
    fn max(self, y: Self) -> Self {
        self.each(y, |p, q| unsafe { std::arch::x86_64::_mm256_max_pd(p, q) })
    }
    #[inline(always)]
    fn min(self, y: Self) -> Self {
        self.each(y, |p, q| unsafe { std::arch::x86_64::_mm256_min_pd(p, q) })
    }
    #[inline(always)]
    fn all_within(self, low: f64, high: f64) -> bool {
        use std::arch::x86_64::*;
        unsafe {
            let magnitude = _mm256_set1_pd(f64::from_bits(0x7fff_ffff_ffff_ffff));
            let (below, above) = (_mm256_set1_pd(low), _mm256_set1_pd(high));
            let mut all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
            for g in 0..LANES / 4 {
                let size = _mm256_and_pd(self.0[g], magnitude);
                let inside = _mm256_and_pd(
                    _mm256_cmp_pd::<_CMP_GE_OQ>(size, below),
                    _mm256_cmp_pd::<_CMP_LE_OQ>(size, above),
                );
                all = _mm256_and_pd(all, inside);
            }
            _mm256_movemask_pd(all) == 0b1111
        }
    }
    #[inline(always)]
    fn or_not_finite(self, acc: Self) -> Self {
        use std::arch::x86_64::*;
        self.each(acc, |x, a| unsafe { _mm256_or_pd(a, _mm256_sub_pd(x, x)) })
    }
    #[inline(always)]
    fn all_clear(self) -> bool {
        use std::arch::x86_64::*;
        let mut clear = true;
        for g in 0..LANES / 4 {
            let bits = unsafe { _mm256_castpd_si256(self.0[g]) };
            clear &= unsafe { _mm256_testz_si256(bits, bits) } == 1;
        }
        clear
    }
}

/// The state of the downward elimination of [`partitioned`] (step 1) after a row: the last two
/// continuants, the unnormalised right-hand side Y and spike V, and the row's c.
struct Down<P> {
    t_prev: P,
    t: P,
    big_y: P,
    big_v: P,
    c_prev: P,
    /// Whether every t_{r-1} rescaled at a row r (stored as that row's t_{r-1}, no longer the
    /// t_r of the row before) lies in [`SAFE_BELOW`, `SAFE_ABOVE`]; see step 2 of
    /// [`partitioned`].
    rescaled_safe: bool,
}

impl<P: Pack> Down<P> {
    /// Eliminates the next row (a, b, c, d) of every segment and stores t_r, c, Y and V into
    /// `out` (normalised in step 2, where the latency of the recurrences leaves the processor
    /// room), and with `CHECK` (a row whose continuants are range checked, so maybe rescaled)
    /// t_{r-1} too: at any other row t_{r-1} is the t_r of the row before (or 1 at row 0), which
    /// step 2 takes from there. False on a vanishing or non-finite pivot.
    #[inline(always)]
    fn row<const CHECK: bool>(&mut self, a: P, b: P, c: P, d: P, out: &mut [Lanes; ROW]) -> bool {
        let t_next = b.mul(self.t).sub(a.mul(self.c_prev).mul(self.t_prev));
        self.big_y = self.t.mul(d).sub(a.mul(self.big_y));
        self.big_v = a.mul(self.big_v).neg();
        (self.t_prev, self.t) = (self.t, t_next);
        if CHECK && !self.t.all_within(RESCALE_BELOW, RESCALE_ABOVE) {
            // To and from arrays here, inlined into the solve's AVX2 copy: a generic
            // `rescale` did them out of line, with each AVX intrinsic a call of its own.
            let lanes = [
                self.t.to_lanes(),
                self.t_prev.to_lanes(),
                self.big_y.to_lanes(),
                self.big_v.to_lanes(),
            ];
            let Some([t, t_prev, big_y, big_v]) = rescale(lanes) else {
                return false;
            };
            self.t = P::load(&t);
            self.t_prev = P::load(&t_prev);
            self.big_y = P::load(&big_y);
            self.big_v = P::load(&big_v);
            self.rescaled_safe &= self.t_prev.all_within(SAFE_BELOW, SAFE_ABOVE);
        }
        self.t.store(&mut out[T]);
        if CHECK {
            self.t_prev.store(&mut out[T_BEFORE]);
        }
        c.store(&mut out[S]);
        self.big_y.store(&mut out[Y]);
        self.big_v.store(&mut out[V]);
        self.c_prev = c;
        true
    }
}

/// The state of the upward sweep of [`partitioned`] (step 2) after a row: y'_r, v'_r and w_r,
/// and whether every continuant so far lay in [`SAFE_BELOW`, `SAFE_ABOVE`].
struct Up<P> {
    y_next: P,
    v_next: P,
    w_next: P,
    /// The smallest and the largest |t_r| so far (none NaN: see step 2 of [`partitioned`]).
    t_least: P,
    t_most: P,
}

impl<P: Pack> Up<P> {
    /// Normalises row `row` (continuants `t_r` and `t_{r-1}`) and substitutes the row below:
    /// s, Y and V become w, y' and v'.
    #[inline(always)]
    fn row(&mut self, t_r: P, t_r_before: P, row: &mut [Lanes; ROW]) {
        let size = t_r.abs();
        (self.t_least, self.t_most) = (self.t_least.min(size), self.t_most.max(size));
        let inv_t = P::splat(1.0).div(t_r);
        let s_r = P::load(&row[S]).mul(t_r_before.mul(inv_t));
        self.y_next = P::load(&row[Y]).mul(inv_t).sub(s_r.mul(self.y_next));
        self.v_next = P::load(&row[V]).mul(inv_t).sub(s_r.mul(self.v_next));
        self.w_next = s_r.mul(self.w_next).neg();
        self.y_next.store(&mut row[Y]);
        self.v_next.store(&mut row[V]);
        self.w_next.store(&mut row[S]);
    }
}

/// The transpose of a 4 x 4 block held in four registers (element j of register i to element
/// i of register j).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn transpose(rows: [std::arch::x86_64::__m256d; 4]) -> [std::arch::x86_64::__m256d; 4] {
    use std::arch::x86_64::*;
    // SAFETY: inlined into `partitioned_avx2` only (AVX2 present); register operations.
    unsafe {
        let low01 = _mm256_unpacklo_pd(rows[0], rows[1]);
        let high01 = _mm256_unpackhi_pd(rows[0], rows[1]);
        let low23 = _mm256_unpacklo_pd(rows[2], rows[3]);
        let high23 = _mm256_unpackhi_pd(rows[2], rows[3]);
        [
            _mm256_permute2f128_pd::<0x20>(low01, low23),
            _mm256_permute2f128_pd::<0x20>(high01, high23),
            _mm256_permute2f128_pd::<0x31>(low01, low23),
            _mm256_permute2f128_pd::<0x31>(high01, high23),
        ]
    }
}

/// The body of [`solve_partitioned`]; `work` holds at least [`WORK_ARRAYS`] segment lengths of
/// rows.
///
/// 1. Down each segment (local rows r = 0..len, its left separator's unknown X_L, its right
///    one's X_R), Thomas's elimination gives x_r + s_r x_{r+1} + v_r X_L = y_r, with the
///    pivots p_r = t_r / t_{r-1} as ratios of continuants t_r = b_r t_{r-1} - a_r c_{r-1}
///    t_{r-2} (Golub & Van Loan 2013, sec. 4.3) and the right-hand side and spike carried
///    unnormalised, Y_r = y_r t_r = t_{r-1} d_r - a_r Y_{r-1} and V_r = v_r t_r = -a_r V_{r-1}
///    (V_0 = a_0, the coupling to X_L): the three recurrences have no division, and the one
///    division a row, 1 / t_r, is off their critical path (it is done in step 2, which the
///    latency of its recurrences leaves room for). Continuants are kept in range by exact
///    rescaling by powers of two (t_r, t_{r-1}, Y_r and V_r together), checked every fourth
///    row; step 2 checks that every continuant stayed within [2^-1000, 2^1000] in between
///    (else the caller falls back to the two-way elimination).
/// 2. Up each segment, back substitution gives x_r = y'_r - v'_r X_L - w_r X_R (Polizzi &
///    Sameh 2006: the solution and the two spikes of the segment).
/// 3. The separator rows with their neighbours substituted from the segments' first and last
///    rows, and the tail rows, form a tridiagonal system in the separators' unknowns (Wang
///    1981), solved by Thomas's algorithm.
/// 4. Every other row: x_r = y'_r - v'_r X_L - w_r X_R, independent rows.
#[inline(always)]
fn partitioned<P: Pack>(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &mut [f64],
    work: &mut [Lanes],
) -> bool {
    let n = b.len();
    let Layout { len, reduced } = Layout::new(n);
    let stride = len + 1;
    let (a, c, d) = (&a[..n], &c[..n], &mut d[..n]);
    // Per row of the segments, interleaved (see `T`, `T_BEFORE`, `S`, `Y` and `V`): the
    // continuant t_r and t_{r-1} (as rescaled at row r, at the checked rows), Y_r, V_r and c_r
    // from step 1; s, y and v become w, y' and v' in step 2.
    let rows = &mut work[..ROW * len];
    // Every gathered row r < len of the last segment is inside the system.
    assert!((LANES - 1) * stride + len <= n);

    // 1. Down the segments, from t_{-1} = 1, t_{-2} = 0, Y_{-1} = 0 and V_{-1} = -1 (so that
    // the first row gives t_0 = b_0, Y_0 = d_0 and V_0 = a_0); rows four at a time from
    // registers transposed in blocks, the rest one at a time.
    let mut state = Down {
        t_prev: P::splat(0.0),
        t: P::splat(1.0),
        big_y: P::splat(0.0),
        big_v: P::splat(-1.0),
        c_prev: P::splat(0.0),
        rescaled_safe: true,
    };
    let blocks = len / 4;
    for block in 0..blocks {
        let r = 4 * block;
        // SAFETY: r + 3 < len, and the assertion above.
        let (mut a4, b4, c4, d4) = unsafe {
            (
                P::gather4(a, r, stride),
                P::gather4(b, r, stride),
                P::gather4(c, r, stride),
                P::gather4(d, r, stride),
            )
        };
        if r == 0 {
            // Row 0 of segment 0 is row 0 of the system, whose a is ignored.
            let mut a_0 = a4[0].to_lanes();
            a_0[0] = 0.0;
            a4[0] = P::load(&a_0);
        }
        let out = &mut rows[ROW * r..ROW * (r + 4)];
        for i in 0..4 {
            let out: &mut [Lanes; ROW] = (&mut out[ROW * i..ROW * (i + 1)]).try_into().unwrap();
            let ok = if i == 3 {
                state.row::<true>(a4[i], b4[i], c4[i], d4[i], out)
            } else {
                state.row::<false>(a4[i], b4[i], c4[i], d4[i], out)
            };
            if !ok {
                return false;
            }
        }
    }
    for r in 4 * blocks..len {
        // SAFETY: r < len, and the assertion above.
        let (mut a_r, b_r, c_r, d_r) = unsafe {
            (
                P::gather(a, r, stride),
                P::gather(b, r, stride),
                P::gather(c, r, stride),
                P::gather(d, r, stride),
            )
        };
        if r == 0 {
            let mut a_0 = a_r.to_lanes();
            a_0[0] = 0.0;
            a_r = P::load(&a_0);
        }
        let out: &mut [Lanes; ROW] = (&mut rows[ROW * r..ROW * (r + 1)]).try_into().unwrap();
        if !state.row::<true>(a_r, b_r, c_r, d_r, out) {
            return false;
        }
    }
    // The last row of the last segment is the last of the system (no tail): its c is ignored.
    if reduced == LANES - 1 {
        rows[ROW * (len - 1) + S][LANES - 1] = 0.0;
    }

    // 2. Up the segments: normalised, s_r = c_r / p_r = c_r t_{r-1} / t_r, y_r = Y_r / t_r
    // and v_r = V_r / t_r; then y, v and s become y', v' and w in place. The rows whose range
    // step 1 checked (the last of each block of four, and the rows after the blocks) take
    // t_{r-1} from their own row, the others from the row before (1 at row 0).
    let mut up = Up {
        y_next: P::splat(0.0),
        v_next: P::splat(0.0),
        w_next: P::splat(-1.0),
        // Whether every continuant was a normal number far from the limits (step 1 rescales
        // only every fourth row): every t_r here, and every t_{r-1} of a row, which is the t_r
        // of the row before (checked here) or 1 (row 0) except where step 1 rescaled it
        // (checked there). Every t_r is finite here (a t_r that is not makes every later one
        // in its segment not finite, t_{r+1} = b t_r - a c t_{r-1} being infinite or NaN, and
        // step 1 gives up on the last row of a segment, always range checked), so that the
        // least and the largest |t_r| tell.
        t_least: P::splat(f64::INFINITY),
        t_most: P::splat(0.0),
    };
    for r in (4 * blocks..len).rev() {
        let row: &mut [Lanes; ROW] = (&mut rows[ROW * r..ROW * (r + 1)]).try_into().unwrap();
        let (t_r, t_r_before) = (P::load(&row[T]), P::load(&row[T_BEFORE]));
        up.row(t_r, t_r_before, row);
    }
    for block in (0..blocks).rev() {
        let r = 4 * block;
        let t_0_before = if block == 0 {
            P::splat(1.0)
        } else {
            P::load(&rows[ROW * (r - 1) + T])
        };
        let four: &mut [Lanes; 4 * ROW] = (&mut rows[ROW * r..ROW * (r + 4)]).try_into().unwrap();
        let t: [P; 4] = std::array::from_fn(|i| P::load(&four[ROW * i + T]));
        let t_3_before = P::load(&four[3 * ROW + T_BEFORE]);
        let (top, bottom) = four.split_at_mut(2 * ROW);
        let (row_0, row_1) = top.split_at_mut(ROW);
        let (row_2, row_3) = bottom.split_at_mut(ROW);
        up.row(t[3], t_3_before, row_3.try_into().unwrap());
        up.row(t[2], t[1], row_2.try_into().unwrap());
        up.row(t[1], t[0], row_1.try_into().unwrap());
        up.row(t[0], t_0_before, row_0.try_into().unwrap());
    }
    let safe =
        up.t_least.all_within(SAFE_BELOW, f64::INFINITY) && up.t_most.all_within(0.0, SAFE_ABOVE);
    if !(state.rescaled_safe && safe) {
        return false;
    }

    // 3. The reduced system: unknown j < LANES - 1 is separator j, between segments j and
    // j + 1; unknown LANES - 1 + i is tail row i, the first after the last segment.
    let mut sub = [0.0; MAX_REDUCED];
    let mut diag = [0.0; MAX_REDUCED];
    let mut sup = [0.0; MAX_REDUCED];
    let mut rhs = [0.0; MAX_REDUCED];
    let (first, last) = (0, len - 1);
    for j in 0..reduced {
        // Row q, its left neighbour the last row of segment j (j < LANES), its right one the
        // first row of segment j + 1 (separators) or the next tail row.
        let q = reduced_row(j, stride);
        let (aq, bq, dq) = (a[q], b[q], d[q]);
        let cq = if q + 1 < n { c[q] } else { 0.0 };
        let (mut p, mut size, mut r) = (bq, bq.abs(), dq);
        if j < LANES {
            // Left neighbour x = y' - v' X_{j-1} - w X_j.
            let row = &rows[ROW * last..ROW * (last + 1)];
            let (yl, vl, wl) = (row[Y][j], row[V][j], row[S][j]);
            p -= aq * wl;
            size += (aq * wl).abs();
            r -= aq * yl;
            sub[j] = -(aq * vl);
        } else {
            sub[j] = aq;
        }
        if j < LANES - 1 {
            // Right neighbour x = y' - v' X_j - w X_{j+1}.
            let row = &rows[ROW * first..ROW * (first + 1)];
            let (yr, vr, wr) = (row[Y][j + 1], row[V][j + 1], row[S][j + 1]);
            p -= cq * vr;
            size += (cq * vr).abs();
            r -= cq * yr;
            sup[j] = -(cq * wr);
        } else {
            sup[j] = cq;
        }
        // (A NaN pivot fails the comparison.)
        let safe = p.abs() >= CANCELLATION * size;
        if !safe || !p.is_finite() {
            return false;
        }
        diag[j] = p;
        rhs[j] = r;
    }
    let x_sep = &mut rhs[..reduced];
    if !thomas_small(&sub[..reduced], &diag[..reduced], &sup[..reduced], x_sep) {
        return false;
    }

    // 4. Every row of the segments from the separators, checked finite before any is stored.
    let x_left: Lanes = std::array::from_fn(|k| if k == 0 { 0.0 } else { x_sep[k - 1] });
    let x_right: Lanes = std::array::from_fn(|k| x_sep.get(k).copied().unwrap_or(0.0));
    let (x_left, x_right) = (P::load(&x_left), P::load(&x_right));
    // The separators' values: the first LANES (at least LANES - 1, the rest of x_right 0) in
    // x_right, any others one at a time.
    let finite = x_sep
        .iter()
        .skip(LANES)
        .fold(true, |all, x| all & x.is_finite());
    let mut not_finite = x_right.or_not_finite(P::splat(0.0));
    for row in rows.chunks_exact_mut(ROW) {
        let x = P::load(&row[Y])
            .sub(P::load(&row[V]).mul(x_left))
            .sub(P::load(&row[S]).mul(x_right));
        not_finite = x.or_not_finite(not_finite);
        x.store(&mut row[Y]);
    }
    if !(finite && not_finite.all_clear()) {
        return false;
    }
    for block in 0..blocks {
        let r = 4 * block;
        let x4 = std::array::from_fn(|i| P::load(&rows[ROW * (r + i) + Y]));
        // SAFETY: r + 3 < len, and the assertion above.
        unsafe { P::scatter4(x4, d, r, stride) };
    }
    for (r, row) in rows.chunks_exact(ROW).enumerate().skip(4 * blocks) {
        for (k, &x) in row[Y].iter().enumerate() {
            d[k * stride + r] = x;
        }
    }
    for (j, &x) in x_sep.iter().enumerate() {
        d[reduced_row(j, stride)] = x;
    }
    true
}

/// The row of unknown `j` of the reduced system (segments of `stride - 1` rows): separator `j`
/// after segment `j` for `j < LANES - 1`, then the tail rows after the last segment.
#[inline(always)]
fn reduced_row(j: usize, stride: usize) -> usize {
    if j < LANES - 1 {
        (j + 1) * stride - 1
    } else {
        LANES * stride - 1 + (j - (LANES - 1))
    }
}

/// The lanes of `t` (and with them `t_prev`, `y` and `v`, the packs of `[t, t_prev, y, v]`)
/// outside [`RESCALE_BELOW`, `RESCALE_ABOVE`] scaled by the power of two that brings `t` into
/// [1, 2) (exact, so the ratios, pivots and normalised values are unchanged). None when a lane
/// of `t` is zero or not finite (a vanishing or non-finite pivot).
#[inline(never)]
fn rescale(packs: [Lanes; 4]) -> Option<[Lanes; 4]> {
    let [mut t, mut t_prev, mut y, mut v] = packs;
    for k in 0..LANES {
        let size = t[k].abs();
        if size == 0.0 || !size.is_finite() {
            return None;
        }
        if !(RESCALE_BELOW..=RESCALE_ABOVE).contains(&size) {
            // A subnormal t first by 2^600, then as a normal number.
            let up = if size.is_normal() {
                1.0
            } else {
                f64::from_bits((1023 + 600) << 52)
            };
            let exponent = ((t[k] * up).to_bits() >> 52) & 0x7ff;
            let scale = f64::from_bits((2046 - exponent).max(1) << 52);
            for x in [&mut t, &mut t_prev, &mut y, &mut v] {
                x[k] = x[k] * up * scale;
            }
        }
    }
    Some([t, t_prev, y, v])
}

/// Thomas's algorithm (Press et al., Numerical Recipes, sec. 2.4) for the reduced system, `x`
/// (the right-hand side) overwritten by the solution, with the pivots as ratios of continuants
/// (as in step 1 of [`partitioned`], rescaled likewise) so that no division is on a
/// recurrence's critical path. False on a vanishing or non-finite pivot.
#[inline(always)]
fn thomas_small(sub: &[f64], diag: &[f64], sup: &[f64], x: &mut [f64]) -> bool {
    let m = diag.len();
    let (sub, sup, x) = (&sub[..m], &sup[..m], &mut x[..m]);
    let mut inv_p = [0.0; MAX_REDUCED];
    let inv_p = &mut inv_p[..m];
    let (mut t_prev, mut t) = (1.0, 1.0);
    let mut ok = true;
    for i in 0..m {
        let e = if i > 0 { sub[i] * sup[i - 1] } else { 0.0 };
        (t_prev, t) = (t, diag[i] * t - e * t_prev);
        // 1 / p_i = t_{i-1} / t_i.
        inv_p[i] = t_prev / t;
        ok &= inv_p[i] != 0.0 && inv_p[i].is_finite();
        let size = t.abs();
        if !(RESCALE_BELOW..=RESCALE_ABOVE).contains(&size) && size.is_normal() {
            let exponent = (t.to_bits() >> 52) & 0x7ff;
            let scale = f64::from_bits((2046 - exponent).max(1) << 52);
            (t, t_prev) = (t * scale, t_prev * scale);
        }
    }
    if !ok {
        return false;
    }
    // The value carried from row to row kept in a register (as written back to x, the chain
    // went through a store and its reload each row).
    let mut prev = x[0] * inv_p[0];
    x[0] = prev;
    for i in 1..m {
        prev = x[i] * inv_p[i] - (sub[i] * inv_p[i]) * prev;
        x[i] = prev;
    }
    let mut next = prev;
    for i in (0..m - 1).rev() {
        next = x[i] - (sup[i] * inv_p[i]) * next;
        x[i] = next;
    }
    true
}

/// [`thomas_small`] as it was before its carried values were kept in registers: the reference
/// of its bits.
#[cfg(test)]
fn thomas_small_reference(sub: &[f64], diag: &[f64], sup: &[f64], x: &mut [f64]) -> bool {
    let m = diag.len();
    let (sub, sup, x) = (&sub[..m], &sup[..m], &mut x[..m]);
    let mut inv_p = [0.0; MAX_REDUCED];
    let inv_p = &mut inv_p[..m];
    let (mut t_prev, mut t) = (1.0, 1.0);
    let mut ok = true;
    for i in 0..m {
        let e = if i > 0 { sub[i] * sup[i - 1] } else { 0.0 };
        (t_prev, t) = (t, diag[i] * t - e * t_prev);
        inv_p[i] = t_prev / t;
        ok &= inv_p[i] != 0.0 && inv_p[i].is_finite();
        let size = t.abs();
        if !(RESCALE_BELOW..=RESCALE_ABOVE).contains(&size) && size.is_normal() {
            let exponent = (t.to_bits() >> 52) & 0x7ff;
            let scale = f64::from_bits((2046 - exponent).max(1) << 52);
            (t, t_prev) = (t * scale, t_prev * scale);
        }
    }
    if !ok {
        return false;
    }
    x[0] *= inv_p[0];
    for i in 1..m {
        x[i] = x[i] * inv_p[i] - (sub[i] * inv_p[i]) * x[i - 1];
    }
    for i in (0..m - 1).rev() {
        x[i] -= (sup[i] * inv_p[i]) * x[i + 1];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::tridiag::solve_tridiagonal;

    /// A small linear congruential generator, uniform in [-0.5, 0.5).
    fn generator(mut seed: u64) -> impl FnMut() -> f64 {
        move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        }
    }

    /// A strictly diagonally dominant system of `n` rows with rows scaled by 1e-12 to 1e12,
    /// and its right-hand side.
    fn dominant_system(n: usize, rand: &mut impl FnMut() -> f64) -> [Vec<f64>; 4] {
        let row_scale: Vec<f64> = (0..n).map(|_| 10f64.powf(24.0 * rand())).collect();
        let a: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
        let c: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
        let b: Vec<f64> = (0..n)
            .map(|i| a[i].abs() + c[i].abs() + (0.1 + rand().abs()) * row_scale[i])
            .collect();
        let d: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
        [a, b, c, d]
    }

    /// Max over rows of |A x - d| / (|a| |x_{i-1}| + |b| |x_i| + |c| |x_{i+1}|).
    fn relative_residual(a: &[f64], b: &[f64], c: &[f64], d: &[f64], x: &[f64]) -> f64 {
        let n = b.len();
        (0..n)
            .map(|i| {
                let (mut r, mut size) = (b[i] * x[i] - d[i], (b[i] * x[i]).abs());
                if i > 0 {
                    r += a[i] * x[i - 1];
                    size += (a[i] * x[i - 1]).abs();
                }
                if i + 1 < n {
                    r += c[i] * x[i + 1];
                    size += (c[i] * x[i + 1]).abs();
                }
                r.abs() / size.max(f64::MIN_POSITIVE)
            })
            .fold(0.0, f64::max)
    }

    /// The two-way elimination of today's solver (the reference).
    fn two_way(a: &[f64], b: &[f64], c: &[f64], d: &[f64]) -> Vec<f64> {
        let mut x = d.to_vec();
        let mut s = vec![0.0; b.len()];
        assert!(crate::linalg::tridiag::two_way_for_tests(
            a, b, c, &mut x, &mut s
        ));
        x
    }

    /// Reference: the two-way elimination. Random strictly diagonally dominant systems (rows
    /// scaled by 1e-12 to 1e12) of every n from 1 to 400 through `solve_tridiagonal` (below
    /// and above the partition's threshold, odd and even, every remainder by the segment
    /// count) and the partition itself from 2 LANES rows on. Tolerances: the residual relative
    /// to |A| |x| row by row at most 1e-14, and x within 1e-12 of the two-way x relative to
    /// the largest |x|.
    #[test]
    fn partition_agrees_with_the_two_way_elimination_on_dominant_systems() {
        let mut rand = generator(2024);
        for n in 1..=400 {
            let [a, b, c, d] = dominant_system(n, &mut rand);
            let reference = if n >= 8 {
                two_way(&a, &b, &c, &d)
            } else {
                d.clone()
            };
            let mut x = d.clone();
            let mut s = vec![0.0; n];
            assert!(solve_tridiagonal(&a, &b, &c, &mut x, &mut s), "n {n}");
            let mut runs = vec![x];
            if n >= 2 * LANES {
                let mut x = d.clone();
                assert!(solve_partitioned(&a, &b, &c, &mut x), "n {n}");
                runs.push(x);
            }
            for x in runs {
                let residual = relative_residual(&a, &b, &c, &d, &x);
                assert!(residual <= 1e-14, "n {n}: residual {residual:e}");
                if n >= 8 {
                    let scale = reference.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                    for i in 0..n {
                        let diff = (x[i] - reference[i]).abs();
                        assert!(diff <= 1e-12 * scale, "n {n} row {i}: {diff:e}");
                    }
                }
            }
        }
    }

    /// Picard (and Newton-like, with an added gravity derivative making rows non-symmetric)
    /// matrices of Richards' equation, (C_i / dt) dh_i - [K_{i+1/2} (h_{i+1} - h_i) / dz - K_{i-1/2}
    /// (h_i - h_{i-1}) / dz] / dz = r_i (Celia et al. 1990), with conductivities spanning 10
    /// orders of magnitude from row to row (log-uniform 1e-6 to 1e4 cm/d), capacities zero in a
    /// saturated stretch (rows only weakly dominant there), a flux top and a head or
    /// zero-flux bottom. Reference: the two-way elimination; tolerance: each x within 1e-12 of
    /// the two-way x relative to |x| (the matrices are M-matrices, whose LU factors have no
    /// cancellation, so both are componentwise accurate), residual as above at most 1e-14.
    #[test]
    fn partition_has_a_small_backward_error_on_richards_matrices() {
        let mut rand = generator(99);
        for n in [64, 65, 101, 151, 152, 153, 200, 257] {
            for case in 0..8 {
                let dz = 0.5 + rand().abs();
                let dt = 10f64.powf(-4.0 + 4.0 * (rand() + 0.5));
                let k_half: Vec<f64> = (0..=n).map(|_| 10f64.powf(-1.0 + 10.0 * rand())).collect();
                let saturated = (n / 3)..(n / 3 + n / 4);
                let newton = case % 2 == 1;
                let positive = case < 4;
                let mut a = vec![0.0; n];
                let mut b = vec![0.0; n];
                let mut c = vec![0.0; n];
                let mut d = vec![0.0; n];
                for i in 0..n {
                    let capacity = if saturated.contains(&i) {
                        0.0
                    } else {
                        10f64.powf(-5.0 + 3.0 * (rand() + 0.5))
                    };
                    let up = if i > 0 { k_half[i] / (dz * dz) } else { 0.0 };
                    let down = if i + 1 < n {
                        k_half[i + 1] / (dz * dz)
                    } else {
                        0.0
                    };
                    a[i] = -up;
                    c[i] = -down;
                    b[i] = capacity / dt + up + down;
                    if newton && i > 0 && i + 1 < n {
                        // dK/dh (gravity) terms: upwind, small against the diffusion.
                        let g = 0.1 * up.min(down) * (rand() + 0.5);
                        a[i] -= g;
                        b[i] += g;
                    }
                    let r = rand();
                    d[i] = if positive {
                        (r + 0.51) * b[i]
                    } else {
                        r * b[i]
                    };
                }
                if case / 2 % 2 == 0 {
                    // Head bottom.
                    let last = n - 1;
                    (a[last], b[last], c[last], d[last]) = (0.0, 1.0, 0.0, 100.0);
                }
                let reference = two_way(&a, &b, &c, &d);
                let mut x = d.clone();
                assert!(solve_partitioned(&a, &b, &c, &mut x), "n {n} case {case}");
                let residual = relative_residual(&a, &b, &c, &d, &x);
                assert!(residual <= 1e-14, "n {n} case {case}: {residual:e}");
                // The two-way elimination's own backward error, for comparison.
                let reference_residual = relative_residual(&a, &b, &c, &d, &reference);
                assert!(reference_residual <= 1e-14, "n {n} case {case}");
            }
        }
    }

    /// Reference: the plain copy, to the bit (solution and verdict), against the AVX2 copy on
    /// random dominant systems of 16 to 300 rows, on non-dominant ones, on systems with a zero,
    /// an infinite or a NaN diagonal entry, and on one whose continuants leave the range (a
    /// diagonal of 1e30) so that they are rescaled.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_copy_agrees_with_the_plain_copy_to_the_bit() {
        if !crate::column::simd::avx2_fma() {
            return;
        }
        let mut rand = generator(4711);
        for n in (2 * LANES..=300).step_by(7).chain([152]) {
            for case in 0..6 {
                let [a, mut b, c, d] = dominant_system(n, &mut rand);
                let k = n / 3;
                match case {
                    1 => b.iter_mut().for_each(|b| *b *= 2.0 * rand()),
                    2 => b[k] = 0.0,
                    3 => b[k] = f64::INFINITY,
                    4 => b[n - 1 - k] = f64::NAN,
                    5 => b.iter_mut().for_each(|b| *b = 1e30),
                    _ => {}
                }
                let layout = Layout::new(n);
                let mut work = vec![[0.0; LANES]; WORK_ARRAYS * layout.len];
                let mut work_avx = work.clone();
                let (mut x, mut x_avx) = (d.clone(), d.clone());
                let ok = partitioned_plain(&a, &b, &c, &mut x, &mut work);
                // SAFETY: the processor has AVX2 and FMA (checked above).
                let ok_avx = unsafe { partitioned_avx2(&a, &b, &c, &mut x_avx, &mut work_avx) };
                assert_eq!(ok, ok_avx, "n {n} case {case}");
                if [0, 5].contains(&case) {
                    assert!(ok, "n {n} case {case}");
                }
                if [3, 4].contains(&case) {
                    assert!(!ok, "n {n} case {case}");
                }
                let bits = |x: &[f64]| x.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&x), bits(&x_avx), "n {n} case {case}");
            }
        }
    }

    /// Reference: [`thomas_small_reference`], to the bit (solution and verdict), on random
    /// reduced systems of 1 to [`MAX_REDUCED`] unknowns: dominant, not dominant, with diagonals
    /// of 1e70 (continuants rescaled), with a zero or a NaN diagonal entry.
    #[test]
    fn reduced_solve_gives_the_reference_bits() {
        let mut rand = generator(123);
        for m in 1..=MAX_REDUCED {
            for case in 0..5 {
                let [sub, mut diag, sup, x] = dominant_system(m, &mut rand);
                let k = m / 2;
                match case {
                    1 => diag.iter_mut().for_each(|b| *b *= 2.0 * rand()),
                    2 => diag.iter_mut().for_each(|b| *b *= 1e70),
                    3 => diag[k] = 0.0,
                    4 => diag[k] = f64::NAN,
                    _ => {}
                }
                let (mut x_new, mut x_old) = (x.clone(), x.clone());
                let ok = thomas_small(&sub, &diag, &sup, &mut x_new);
                let ok_old = thomas_small_reference(&sub, &diag, &sup, &mut x_old);
                assert_eq!(ok, ok_old, "m {m} case {case}");
                let bits = |x: &[f64]| x.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                if ok {
                    assert_eq!(bits(&x_new), bits(&x_old), "m {m} case {case}");
                }
            }
        }
    }

    /// Entries so large (a diagonal of 1e100, rows otherwise as above) that the continuants
    /// would overflow between two range checks of the downward elimination: the partition
    /// gives up, and `solve_tridiagonal` returns the two-way elimination's solution, to the bit.
    #[test]
    fn huge_entries_fall_back_to_the_two_way_elimination() {
        let mut rand = generator(5);
        for n in [64, 152] {
            let [a, mut b, c, d] = dominant_system(n, &mut rand);
            b.iter_mut().for_each(|b| *b = 1e100);
            let mut x = d.clone();
            assert!(!solve_partitioned(&a, &b, &c, &mut x), "n {n}");
            assert_eq!(x, d, "n {n}: d changed");
            let mut s = vec![0.0; n];
            assert!(solve_tridiagonal(&a, &b, &c, &mut x, &mut s), "n {n}");
            let reference = two_way(&a, &b, &c, &d);
            let bits = |x: &[f64]| x.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&x), bits(&reference), "n {n}");
        }
    }

    /// A continuant t_{r-1} that a rescale at row r (to bring a tiny t_r back into range)
    /// takes beyond 2^1000 makes the partition give up, as when it was checked with every
    /// row's t_{r-1} in the upward sweep, and one that stays below it does not: in every
    /// segment, row 0 with a diagonal of 1, rows 1 and 2 of 1e99 and no coupling to the row
    /// before, so that t_2 = 1e198 goes unchecked, and row 3 of 1e-302 (1e-290), so that t_3
    /// is rescaled into [1, 2) and t_2 with it to about t_2 / t_3 = 1e302 (1e290), and no
    /// coupling to the row after (and a right-hand side of 0, so that x_3 = 0). The given-up
    /// system is solved by the two-way elimination, to its bits.
    #[test]
    fn a_rescaled_continuant_beyond_range_falls_back() {
        let mut rand = generator(77);
        let n = 152;
        let stride = Layout::new(n).len + 1;
        for (tiny, gives_up) in [(1e-302, true), (1e-290, false)] {
            let [mut a, mut b, mut c, mut d] = dominant_system(n, &mut rand);
            for segment in 0..LANES {
                let r = segment * stride;
                (b[r], b[r + 1], b[r + 2], b[r + 3]) = (1.0, 1e99, 1e99, tiny);
                (a[r + 1], a[r + 2], a[r + 3]) = (0.0, 0.0, 0.0);
                // Row 3 alone: x_3 = 0, not 1e290 times the others.
                (c[r + 3], d[r + 3]) = (0.0, 0.0);
            }
            let mut x = d.clone();
            assert_eq!(solve_partitioned(&a, &b, &c, &mut x), !gives_up, "{tiny}");
            let mut s = vec![0.0; n];
            let mut x = d.clone();
            assert!(solve_tridiagonal(&a, &b, &c, &mut x, &mut s), "{tiny}");
            if gives_up {
                let reference = two_way(&a, &b, &c, &d);
                let bits = |x: &[f64]| x.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&x), bits(&reference), "{tiny}");
            }
        }
    }

    /// A continuant beyond [2^-1000, 2^1000] at a row whose range is not checked (row 4 of
    /// every segment, after four rows of a diagonal of 1 alone: a diagonal of 1e305 or 1e-305
    /// and no coupling to the row before), brought
    /// back into range at the next row (a diagonal of 1e-300 or 1e300), makes the partition
    /// give up, and one within (1e300 or 1e-300, then 1e-295 or 1e295) does not; the solution
    /// is then checked against the system (residual relative to |A| |x| at most 1e-14).
    /// Passes with the code before the continuants' range was checked by their least and
    /// largest magnitudes.
    #[test]
    fn a_continuant_beyond_range_between_checks_falls_back() {
        let mut rand = generator(78);
        let n = 152;
        let stride = Layout::new(n).len + 1;
        let cases = [
            (1e305, 1e-300, true),
            (1e-305, 1e300, true),
            (1e300, 1e-295, false),
            (1e-300, 1e295, false),
        ];
        for (big, small, gives_up) in cases {
            let [mut a, mut b, mut c, mut d] = dominant_system(n, &mut rand);
            for segment in 0..LANES {
                // Rows 0 to 3 alone with a diagonal of 1, so that t_3 = 1.
                let start = segment * stride;
                for r in start..start + 4 {
                    (a[r], b[r], c[r]) = (0.0, 1.0, 0.0);
                }
                let r = start + 4;
                (b[r], b[r + 1]) = (big, small);
                (a[r], a[r + 1], c[r], c[r + 1]) = (0.0, 0.0, 0.0, 0.0);
                // Solutions of 0.5 and 0.25 there.
                (d[r], d[r + 1]) = (0.5 * big, 0.25 * small);
            }
            let mut x = d.clone();
            let ok = solve_partitioned(&a, &b, &c, &mut x);
            assert_eq!(ok, !gives_up, "{big} {small}");
            if ok {
                let residual = relative_residual(&a, &b, &c, &d, &x);
                assert!(residual <= 1e-14, "{big} {small}: {residual:e}");
            }
        }
    }

    /// The verdict of `solve_tridiagonal` on a vanishing or non-finite pivot is today's (the
    /// two-way elimination's, to which the partition falls back): false for a zero first
    /// pivot, an infinite or a NaN diagonal entry, and `d` is then as the two-way leaves it.
    #[test]
    fn failures_fall_back_to_the_two_way_verdict() {
        let mut rand = generator(31);
        for n in [64, 152, 301] {
            for case in 0..3 {
                let [a, mut b, c, d] = dominant_system(n, &mut rand);
                match case {
                    0 => b[0] = 0.0,
                    1 => b[n / 2] = f64::INFINITY,
                    _ => b[n / 3] = f64::NAN,
                }
                let mut x = d.clone();
                let mut s = vec![0.0; n];
                assert!(
                    !solve_tridiagonal(&a, &b, &c, &mut x, &mut s),
                    "n {n} case {case}"
                );
            }
        }
    }
}
