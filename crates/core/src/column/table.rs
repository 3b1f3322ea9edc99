//! Tabulated van Genuchten-Mualem functions for the fast solver path.
//!
//! HYDRUS-1D evaluates its hydraulic functions from tables spaced evenly in log|h|
//! (Simunek et al. 2008, manual section 5.3.4, with linear interpolation between 100 points).
//! Here the table is much finer and the interpolation is cubic Hermite, with the exact
//! derivative of each function stored at every knot, so that theta, C and K are reproduced to
//! about 1e-7 relative or better (unit tests below).
//!
//! **Knots from the bits of the suction.** The knots are the suctions whose IEEE-754 binary64
//! representation (IEEE Std 754-2019, section 3.4: sign bit, 11-bit biased exponent E, 52-bit
//! fraction; a positive normal number is 2^(E - 1023) (1 + fraction / 2^52)) has all but the
//! top `CELL_BITS` = B bits of the fraction zero: s_g = 2^e (1 + j / 2^B), j = 0 .. 2^B - 1,
//! 2^B knots in every binade [2^e, 2^(e+1)). The bits of a suction s shifted right by 52 - B
//! are then g = (E << B) | j, the global index of the knot at or below s, so the interval
//! holding s is g minus the index of the table's first knot, an integer shift and subtraction
//! without a logarithm; and the position in it, t = (s - s_g) / (s_(g+1) - s_g), is the fraction
//! bits below the top B, read exactly as (1.fraction_low - 1) 2^B (see `cell_of`). Both are
//! exact integer and bit operations, which a loop over the nodes vectorises (`locate_all`).
//! Each knot is a relative step of 1 / (2^B + j) from the one below it, 0.0078 to 0.0039 in
//! ln s with B = 7 (the previous tables, uniform in u = ln s, had steps of 0.01).
//!
//! **The interpolant.** Within an interval the position t is linear in s, and each function is
//! the cubic Hermite interpolant in s (de Boor 1978, *A Practical Guide to Splines*, ch. IV;
//! Fritsch & Carlson 1980): with width w = s_(g+1) - s_g = 2^(e - B), end values f_a, f_b and
//! end derivatives d_a = w f'(s_a), d_b = w f'(s_b), f(t) = f_a + t (d_a + t (c2 + t c3)),
//! c2 = 3 (f_b - f_a) - (2 d_a + d_b), c3 = 2 (f_a - f_b) + (d_a + d_b), stored in this power
//! form, the four functions side by side (one look-up gives all four by Horner's rule, see
//! `Interval`). The knot values come from [`LogSuctionFunctions`] at u_g = ln s_g = e ln 2 +
//! ln(1 + j / 2^B) (a table of the 2^B logarithms, computed once), their derivatives in s from
//! those in u: d/ds = (d/du) / s, with dtheta/ds = -C and dPhi/ds = -K directly. A van Genuchten
//! function of s is smooth in ln s (a power law of |h| is an exponential of u), and a cubic in s
//! over a relative width of 1 / (2^B + j) interpolates it about as well as a cubic in u over
//! the same width in u (the fourth derivative in s brings in the lower derivatives in u with
//! coefficients 6, 11 and 6); with B = 7 the errors are about those of the old tables or smaller
//! (measured in docs/performance.md, "Tables located from the bits of the suction").
//!
//! The integral-mean element conductivity (see [`crate::soil::mean_conductivity`]) comes from the
//! Kirchhoff potential Phi(s) = integral from s to s_max of K(-s') ds', tabulated with its exact
//! derivative dPhi/ds = -K, so that the mean over an element is (Phi(s_a) - Phi(s_b)) / (s_b -
//! s_a) with two table look-ups instead of eight or more evaluations of K. Phi at the knots is
//! summed from the dry end, each interval by the corrected trapezoid rule w (K_a + K_b) / 2 + w
//! (d_a - d_b) / 12, the exact integral of the Hermite cubic of K; because the Hermite
//! interpolation error of Phi is a smooth function vanishing at every knot, the error of the
//! difference is bounded by the error of its derivative whatever the span (the element means
//! agree with a fine quadrature to about 1.2e-6 relative at n = 3, 2e-7 for loams).
//!
//! The knot values are computed together from shared intermediates
//! ([`crate::soil::log_suction`]: ln(alpha s) from the knot's u without a logarithm, one
//! `ln_1p`, a handful of exponentials), which agree with the closed forms to about 1e-14
//! relative and are more accurate than them near saturation.
//!
//! The table is read from 1e-3 cm of suction, or for a soil with an air-entry head h_s from
//! just drier than |h_s| (the functions have a kink there), to 1e7 cm; its first knot is the
//! one at or below that start, and the first interval, which reaches across the start, is built
//! from the unsaturated branch continued past h_s (`LogSuctionFunctions::continued`). Outside
//! the read range the functions are evaluated directly.

use crate::soil::log_suction::{
    LogSuctionArrays, LogSuctionFunctions, AT_ALL_SCRATCH, BLOCK as LOG_SUCTION_BLOCK,
};
use crate::soil::{HydraulicFunctions, VanGenuchtenAirEntry, VanGenuchtenMualem};
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

/// Smallest tabulated suction (cm) of an unmodified van Genuchten-Mualem soil; a soil with an
/// air-entry head is tabulated from that head (where its functions have a kink) on.
const S_MIN_CM: f64 = 1e-3;
/// Largest tabulated suction (cm).
const S_MAX_CM: f64 = 1e7;
/// B, the fraction bits that index the knots within a binade: 2^B intervals per binade.
const CELL_BITS: u32 = 7;
/// 2^B, the intervals per binade.
const CELLS: usize = 1 << CELL_BITS;
/// The right shift that leaves of a positive double's bits its biased exponent and the top B
/// bits of its fraction, the global index of the knot at or below it.
const SHIFT: u32 = 52 - CELL_BITS;
/// The fraction bits below the top B: the position inside an interval.
const LOW_BITS: u64 = (1 << SHIFT) - 1;
/// The bits of 1.0 (biased exponent 1023, fraction 0).
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;

/// Gauss-Legendre 8-point rule on [-1, 1], positive half (Abramowitz & Stegun 1964, table 25.4),
/// for the Kirchhoff potential between saturation and the first knot.
const GAUSS_X: [f64; 4] = [
    0.183_434_642_495_649_8,
    0.525_532_409_916_329,
    0.796_666_477_413_626_7,
    0.960_289_856_497_536_3,
];
const GAUSS_W: [f64; 4] = [
    0.362_683_783_378_362,
    0.313_706_645_877_887_3,
    0.222_381_034_453_374_5,
    0.101_228_536_290_376_3,
];

/// ln 2 split so that k ln2_hi is exact for |k| < 2^32: ln2_hi has 20 significant bits, ln2_lo
/// = ln 2 - ln2_hi to double precision.
const LN2_HI: f64 = 0.693_146_705_627_441_4;
const LN2_LO: f64 = 4.749_325_039_031_672_6e-7;

/// The interval index (global knot index minus `first`, wrapping) and the position t in [0, 1)
/// inside it of the positive suction whose bits are `bits`: the bits shifted right by
/// [`SHIFT`], and t = (m - 1) 2^B for m = 1.f with f the fraction bits below the top B, which
/// is exactly (s - s_g) / (s_(g+1) - s_g) (m - 1 is exact by Sterbenz's lemma, the product by
/// 2^B is exact). Integer and bit operations and one exact subtraction, which vectorise.
#[inline(always)]
fn cell_of(bits: u64, first: u64) -> (u64, f64) {
    let index = (bits >> SHIFT).wrapping_sub(first);
    let m = f64::from_bits((bits & LOW_BITS) | ONE_BITS);
    (index, (m - 1.0) * CELLS as f64)
}

/// The suction (cm) of the knot of global index `g`: s_g = 2^e (1 + j / 2^B), exact.
#[inline(always)]
fn knot_suction(g: u64) -> f64 {
    f64::from_bits(g << SHIFT)
}

/// The width (cm) of the interval from knot `g` to knot g + 1, 2^(e - B) for knot g in the
/// binade of 2^e, exact.
#[inline(always)]
fn cell_width(g: u64) -> f64 {
    f64::from_bits(((g >> CELL_BITS) - u64::from(CELL_BITS)) << 52)
}

/// ln(1 + j / 2^B) for j = 0 .. 2^B - 1, computed once (`f64::ln_1p` of an exact argument).
fn ln_mantissas() -> &'static [f64; CELLS] {
    static LN: OnceLock<[f64; CELLS]> = OnceLock::new();
    LN.get_or_init(|| std::array::from_fn(|j| (j as f64 / CELLS as f64).ln_1p()))
}

/// ln s_g of the knot of global index `g` from its exponent and `ln_m` = [`ln_mantissas`]:
/// e ln 2 + ln(1 + j / 2^B), with e ln2_hi exact.
#[inline(always)]
fn knot_ln(g: u64, ln_m: &[f64; CELLS]) -> f64 {
    let e = (g >> CELL_BITS) as f64 - 1023.0;
    e * LN2_HI + (ln_m[g as usize & (CELLS - 1)] + e * LN2_LO)
}

/// Values and derivatives in s of one knot (of the knot-by-knot build, the reference of the
/// unit test of [`VanGenuchtenTable::with_air_entry`]).
#[cfg(test)]
#[derive(Clone, Copy, Debug, Default)]
struct Knot {
    /// theta, C, Phi and K.
    values: [f64; 4],
    /// Their derivatives d/ds (d/d(-h)).
    slopes: [f64; 4],
}

/// The `count` - 1 intervals, into `intervals`, of the table of the soil of `functions` whose
/// `count` knots are those of global indices `first` + j; returns the Kirchhoff potential at
/// the first knot (the wet end). The same operations on each number as the knot-by-knot build
/// (`Knot`, `Interval::new`). On a processor with AVX2 and FMA its AVX2 copy runs, with the
/// same results to the bit (see `column::simd`).
fn knots_and_intervals(
    functions: &LogSuctionFunctions,
    first: u64,
    intervals: &mut [Interval],
) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if super::simd::avx2_fma() {
        // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
        // requirement of calling a function compiled with those target features.
        return unsafe { knots_and_intervals_avx2(functions, first, intervals) };
    }
    knots_and_intervals_kernel(functions, first, intervals)
}

/// [`knots_and_intervals`] compiled for AVX2 and FMA; call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn knots_and_intervals_avx2(
    functions: &LogSuctionFunctions,
    first: u64,
    intervals: &mut [Interval],
) -> f64 {
    knots_and_intervals_kernel(functions, first, intervals)
}

/// The body of [`knots_and_intervals`], inlined into its plain and its AVX2 copy.
///
/// In blocks of knots from the dry end, each on the stack: u = ln s and s ([`knot_ln`],
/// [`knot_suction`]), the functions ([`LogSuctionFunctions::at_all_in`]), then the values
/// (theta, C, Phi, K) and their derivatives in s side by side, four to a knot as [`Interval`]
/// holds them (loops the compiler vectorises); then knot by knot towards the wet end Phi and
/// the interval drier than the knot. Phi(s_g) = integral from s_g to s_max of K ds, summed from
/// the dry end so that small values are not swamped, each interval by the corrected trapezoid
/// rule w (K_a + K_b) / 2 - w (d_b - d_a) / 12 (d = w dK/ds), which is the exact integral of
/// the cubic Hermite interpolant of K, so Phi and its table agree.
#[inline(always)]
fn knots_and_intervals_kernel(
    functions: &LogSuctionFunctions,
    first: u64,
    intervals: &mut [Interval],
) -> f64 {
    /// The block's arrays of one number a knot: u, s, theta, C, K, d ln K/du, d ln C/du.
    const ARRAYS: usize = 7;
    let count = intervals.len() + 1;
    let ln_m = ln_mantissas();
    let mut scratch = AT_ALL_SCRATCH;
    let mut arrays = [[0.0; LOG_SUCTION_BLOCK]; ARRAYS];
    let mut values = [[0.0; 4]; LOG_SUCTION_BLOCK];
    let mut slopes = [[0.0; 4]; LOG_SUCTION_BLOCK];
    // The knot just drier than the block: values (with Phi) and derivatives in s.
    let mut drier: Option<([f64; 4], [f64; 4])> = None;
    let mut phi = 0.0;
    let mut end = count;
    while end > 0 {
        let start = end.saturating_sub(LOG_SUCTION_BLOCK);
        let len = end - start;
        let [u, s, theta, cap, k, dlnk, dlnc] = &mut arrays;
        let (u, s) = (&mut u[..len], &mut s[..len]);
        for j in 0..len {
            let g = first + (start + j) as u64;
            u[j] = knot_ln(g, ln_m);
            s[j] = knot_suction(g);
        }
        let (theta, cap, k) = (&mut theta[..len], &mut cap[..len], &mut k[..len]);
        let (dlnk, dlnc) = (&mut dlnk[..len], &mut dlnc[..len]);
        functions.at_all_in(
            u,
            s,
            LogSuctionArrays {
                theta,
                capacity_per_cm: cap,
                conductivity_cm_d: k,
                dlnk_du: dlnk,
                dlnc_du: dlnc,
            },
            &mut scratch,
        );
        let (values, slopes) = (&mut values[..len], &mut slopes[..len]);
        for j in 0..len {
            let (s, c, kj) = (s[j], cap[j], k[j]);
            values[j] = [theta[j], c, 0.0, kj];
            // d/ds f(-s) = -f'(h): -C for theta, -K for Phi; (d/du) / s for C and K.
            slopes[j] = [-c, c * dlnc[j] / s, -kj, kj * dlnk[j] / s];
        }
        for j in (0..len).rev() {
            let (mut va, sa) = (values[j], slopes[j]);
            if let Some((vb, sb)) = drier {
                let w = cell_width(first + (start + j) as u64);
                let (da, db) = (sa.map(|d| d * w), sb.map(|d| d * w));
                phi += w * (0.5 * (va[3] + vb[3]) - (db[3] - da[3]) / 12.0);
                va[2] = phi;
                intervals[start + j] = Interval::hermite(va, da, vb, db);
            }
            drier = Some((va, sa));
        }
        end = start;
    }
    phi
}

/// Where a suction falls in the table: interval index and the position t in [0, 1] inside it.
#[derive(Clone, Copy, Debug)]
pub struct Position {
    k: usize,
    t: f64,
}

/// The cubic Hermite interpolant of one interval in power form, f(t) = c0 + t (c1 + t (c2 + t
/// c3)) for t in [0, 1]: `c[j]` holds coefficient j of theta, C, Phi and K, in that order, so
/// that the four functions are evaluated side by side. Aligned to a 64-byte cache line, so that
/// a look-up reads two lines, not three when the vector's 8-byte alignment straddles them.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct Interval {
    c: [[f64; 4]; 4],
}

impl Interval {
    /// The power form of the Hermite cubic through values `fa`, `fb` and derivatives times the
    /// interval's width `da`, `db` at its two ends (each function of the four): c0 = f_a, c1 =
    /// d_a, c2 = 3 (f_b - f_a) - (2 d_a + d_b), c3 = 2 (f_a - f_b) + (d_a + d_b).
    #[inline(always)]
    fn hermite(fa: [f64; 4], da: [f64; 4], fb: [f64; 4], db: [f64; 4]) -> Interval {
        let mut c = [fa, da, [0.0; 4], [0.0; 4]];
        for f in 0..4 {
            c[2][f] = 3.0 * (fb[f] - fa[f]) - (2.0 * da[f] + db[f]);
            c[3][f] = 2.0 * (fa[f] - fb[f]) + (da[f] + db[f]);
        }
        Interval { c }
    }

    /// All four functions at `t`.
    #[inline(always)]
    fn all(&self, t: f64) -> [f64; 4] {
        let c = &self.c;
        // Horner's rule on the four functions at once, written coefficient row by row (the
        // same operations as `one`).
        let mut acc = c[3];
        for row in c[..3].iter().rev() {
            acc = [
                row[0] + t * acc[0],
                row[1] + t * acc[1],
                row[2] + t * acc[2],
                row[3] + t * acc[3],
            ];
        }
        acc
    }

    /// Function `f` (0 theta, 1 C, 2 Phi, 3 K) at `t`.
    #[inline(always)]
    fn one(&self, f: usize, t: f64) -> f64 {
        let c = &self.c;
        c[0][f] + t * (c[1][f] + t * (c[2][f] + t * c[3][f]))
    }
}

/// Cubic-Hermite table of theta, C, K and the Kirchhoff potential of one van Genuchten soil.
#[derive(Clone, Debug)]
pub struct VanGenuchtenTable {
    model: VanGenuchtenAirEntry,
    /// Smallest suction (cm) read from the table.
    s_min: f64,
    /// Global index of the first knot (see [`cell_of`]).
    first: u64,
    intervals: Vec<Interval>,
    /// Kirchhoff potential at saturation, Phi(0) (cm2/d).
    phi_zero: f64,
}

/// What [`VanGenuchtenTable::covers`] and [`VanGenuchtenTable::state`] read, taken out of
/// the table once for a run of nodes of its soil. Their work is split in two: a loop over the
/// nodes that the compiler vectorises ([`locate_all`]: the range test and the interval and
/// position from the bits, with each node's [`Bounds`]), then one look-up a node
/// ([`Self::state_at`]). The same operations as `covers` and `state`, so the same numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lookup<'a> {
    intervals: &'a [Interval],
}

/// Where a table starts, for [`locate_all`] (it ends at 1e7 cm for every soil).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bounds {
    /// Smallest suction read from the table (cm).
    pub(crate) s_min: f64,
    /// Global index of the table's first knot (see [`cell_of`]).
    pub(crate) first: u64,
}

impl Bounds {
    /// Bounds no head is inside (for a node that is not looked up).
    pub(crate) const NONE: Bounds = Bounds {
        s_min: f64::INFINITY,
        first: 0,
    };
}

/// Marks a head that [`locate_all`] found outside its table.
pub(crate) const UNTABULATED: usize = usize::MAX;

/// For each head of `h_cm`, inside the table of its node whose start is given by `s_min` and
/// `first` (the fields of [`Bounds`], one per node), the interval and the position t in it of
/// [`VanGenuchtenTable::state`] ([`cell_of`]), into `k` and `t`; [`UNTABULATED`] in `k` where
/// [`VanGenuchtenTable::covers`] is false (t is then meaningless).
#[inline(always)]
pub(crate) fn locate_all(
    h_cm: &[f64],
    (s_min, first): (&[f64], &[u64]),
    k: &mut [usize],
    t: &mut [f64],
) {
    let n = h_cm.len();
    let (s_min, first, k, t) = (&s_min[..n], &first[..n], &mut k[..n], &mut t[..n]);
    for i in 0..n {
        let s = -h_cm[i];
        let covered = s_min[i] <= s && s <= S_MAX_CM;
        let (index, position) = cell_of(s.to_bits(), first[i]);
        t[i] = position;
        k[i] = if covered { index as usize } else { UNTABULATED };
    }
}

impl Lookup<'_> {
    /// theta, C, Phi and K at position `t` of interval `k` (from [`locate_all`]); `None` for
    /// [`UNTABULATED`].
    #[inline(always)]
    pub(crate) fn state_at(&self, k: usize, t: f64) -> Option<[f64; 4]> {
        self.intervals.get(k).map(|interval| interval.all(t))
    }

    /// Whether interval `k` is in the table ([`Self::state_at`] gives `Some`).
    #[inline(always)]
    pub(crate) fn contains(&self, k: usize) -> bool {
        k < self.intervals.len()
    }
}

#[cfg(target_arch = "x86_64")]
impl Lookup<'_> {
    /// [`Self::state_at`] in one AVX register, lanes theta, C, Phi, K: the same operations (the
    /// rows of [`Interval::all`] in turn), so the same bits. Written with the intrinsics because
    /// the compiler splits the four-wide Horner of `state_at` into four scalar ones wherever
    /// its results are stored one by one without a call beside them.
    ///
    /// # Safety
    /// Call only from code compiled with AVX enabled, on a processor that has it.
    #[inline(always)]
    pub(crate) unsafe fn state_at_avx(
        &self,
        k: usize,
        t: f64,
    ) -> Option<std::arch::x86_64::__m256d> {
        use std::arch::x86_64::*;
        let c = &self.intervals.get(k)?.c;
        let t = _mm256_set1_pd(t);
        let row = |r: usize| _mm256_loadu_pd(c[r].as_ptr());
        let mut acc = row(3);
        acc = _mm256_add_pd(row(2), _mm256_mul_pd(t, acc));
        acc = _mm256_add_pd(row(1), _mm256_mul_pd(t, acc));
        acc = _mm256_add_pd(row(0), _mm256_mul_pd(t, acc));
        Some(acc)
    }

    /// [`Self::state_at`] at four nodes, intervals `k` and positions `t`, in AVX registers
    /// function by function: theta, C, Phi and K of the four nodes each in one register (the
    /// four look-ups of [`Self::state_at_avx`], transposed); `None` if any of `k` is outside
    /// the table.
    ///
    /// # Safety
    /// Call only from code compiled with AVX enabled, on a processor that has it.
    #[inline(always)]
    pub(crate) unsafe fn states4_avx(
        &self,
        k: [usize; 4],
        t: std::arch::x86_64::__m256d,
    ) -> Option<[std::arch::x86_64::__m256d; 4]> {
        use std::arch::x86_64::*;
        let inside = k
            .iter()
            .fold(true, |all, &k| all & (k < self.intervals.len()));
        if !inside {
            return None;
        }
        // (Indexed by hand: `array::map` is not inlined here.)
        let c = [
            &self.intervals[k[0]].c,
            &self.intervals[k[1]].c,
            &self.intervals[k[2]].c,
            &self.intervals[k[3]].c,
        ];
        // Each node's position in all four lanes.
        let t0 = _mm256_permute2f128_pd::<0x00>(t, t);
        let t1 = _mm256_permute2f128_pd::<0x11>(t, t);
        let ts = [
            _mm256_permute_pd::<0b0000>(t0),
            _mm256_permute_pd::<0b1111>(t0),
            _mm256_permute_pd::<0b0000>(t1),
            _mm256_permute_pd::<0b1111>(t1),
        ];
        let mut acc = [
            _mm256_loadu_pd(c[0][3].as_ptr()),
            _mm256_loadu_pd(c[1][3].as_ptr()),
            _mm256_loadu_pd(c[2][3].as_ptr()),
            _mm256_loadu_pd(c[3][3].as_ptr()),
        ];
        for r in (0..3).rev() {
            for q in 0..4 {
                let row = _mm256_loadu_pd(c[q][r].as_ptr());
                acc[q] = _mm256_add_pd(row, _mm256_mul_pd(ts[q], acc[q]));
            }
        }
        // [theta0, theta1, Phi0, Phi1], [C0, C1, K0, K1], and the same of nodes 2 and 3.
        let (a, b) = (
            _mm256_unpacklo_pd(acc[0], acc[1]),
            _mm256_unpackhi_pd(acc[0], acc[1]),
        );
        let (c, d) = (
            _mm256_unpacklo_pd(acc[2], acc[3]),
            _mm256_unpackhi_pd(acc[2], acc[3]),
        );
        Some([
            _mm256_permute2f128_pd::<0x20>(a, c),
            _mm256_permute2f128_pd::<0x20>(b, d),
            _mm256_permute2f128_pd::<0x31>(a, c),
            _mm256_permute2f128_pd::<0x31>(b, d),
        ])
    }
}

#[cfg(target_arch = "x86_64")]
impl VanGenuchtenTable {
    /// [`Self::saturated_state`] at four heads `h_cm` in an AVX register, theta, C, Phi and K
    /// of the four nodes each in one register; `None` unless all four are saturated (h >= 0,
    /// or at least the air-entry head) and theta_s is a number. The same values: theta_s, 0,
    /// Ks, and Phi(0) where h >= 0, else Phi(0) + Ks h (the same product and sum).
    ///
    /// # Safety
    /// Call only from code compiled with AVX enabled, on a processor that has it.
    #[inline(always)]
    pub(crate) unsafe fn saturated_states4_avx(
        &self,
        h_cm: std::arch::x86_64::__m256d,
    ) -> Option<[std::arch::x86_64::__m256d; 4]> {
        use std::arch::x86_64::*;
        let vg = self.model.van_genuchten();
        let h_s = _mm256_set1_pd(self.model.air_entry_cm());
        // Ordered comparisons: a NaN head is not saturated, as in `saturated_state`.
        let saturated = _mm256_cmp_pd::<_CMP_GE_OQ>(h_cm, h_s);
        if _mm256_movemask_pd(saturated) != 0b1111 || vg.theta_s.is_nan() {
            return None;
        }
        let (ks, phi_zero) = (_mm256_set1_pd(vg.ks_cm_d), _mm256_set1_pd(self.phi_zero));
        let wet = _mm256_cmp_pd::<_CMP_GE_OQ>(h_cm, _mm256_setzero_pd());
        let below_zero = _mm256_add_pd(phi_zero, _mm256_mul_pd(ks, h_cm));
        Some([
            _mm256_set1_pd(vg.theta_s),
            _mm256_setzero_pd(),
            _mm256_blendv_pd(below_zero, phi_zero, wet),
            ks,
        ])
    }
}

/// Most interval buffers of dropped tables [`interval_buffer`] keeps on one thread.
const SPARE_BUFFERS: usize = 4;

thread_local! {
    /// Interval buffers of tables dropped on this thread, for the next tables built on it.
    static SPARE_INTERVALS: RefCell<Vec<Vec<Interval>>> = const { RefCell::new(Vec::new()) };
}

/// A vector of `len` intervals of unspecified values, to be overwritten: the buffer of a table
/// dropped earlier on this thread if there is one (its old intervals kept where it has as
/// many, so that they are not written twice), else a new one. A table's intervals take some
/// 300 KB, which the allocator returns to the system when they are freed and takes back as
/// some 70 fresh pages, each faulted in on its first write, when the next table is built:
/// about half the time of building a table on a machine with costly page faults, which a
/// column built after another (a plan's options, a benchmark's repeats) need not pay again.
fn interval_buffer(len: usize) -> Vec<Interval> {
    let spare = SPARE_INTERVALS
        .try_with(|spare| spare.try_borrow_mut().ok()?.pop())
        .ok()
        .flatten();
    let mut buffer = spare.unwrap_or_default();
    buffer.resize(len, Interval::default());
    buffer
}

/// Most tables [`VanGenuchtenTable::shared`] keeps built on one thread.
const SHARED_TABLES: usize = 8;

/// A soil's parameters as the bits of its numbers, the key of a shared table.
type SoilKey = [u64; 7];

thread_local! {
    /// Tables built on this thread, most recently used last, for the next columns of the same
    /// soils.
    static SHARED: RefCell<Vec<(SoilKey, Arc<VanGenuchtenTable>)>> =
        const { RefCell::new(Vec::new()) };
}

impl VanGenuchtenTable {
    /// The table of `model`, shared with the columns built before on this thread on the same
    /// soil (parameters equal to the bit): a plan's options, a map's columns of one soil class
    /// and a benchmark's repeats tabulate each soil once. The eight most recently
    /// used tables are kept (about 0.5 MB each); a table is built as by [`Self::with_air_entry`]
    /// (so the same to the bit) when its soil is not among them.
    pub fn shared(model: &VanGenuchtenAirEntry) -> Arc<VanGenuchtenTable> {
        let vg = model.van_genuchten();
        let key: SoilKey = [
            vg.theta_r,
            vg.theta_s,
            vg.alpha_per_cm,
            vg.n,
            vg.ks_cm_d,
            vg.l,
            model.air_entry_cm(),
        ]
        .map(f64::to_bits);
        let cached = SHARED
            .try_with(|shared| {
                let mut shared = shared.try_borrow_mut().ok()?;
                let at = shared.iter().position(|(k, _)| *k == key)?;
                let entry = shared.remove(at);
                let table = Arc::clone(&entry.1);
                shared.push(entry);
                Some(table)
            })
            .ok()
            .flatten();
        if let Some(table) = cached {
            return table;
        }
        let table = Arc::new(Self::with_air_entry(model));
        let _ = SHARED.try_with(|shared| {
            if let Ok(mut shared) = shared.try_borrow_mut() {
                if shared.len() == SHARED_TABLES {
                    shared.remove(0);
                }
                shared.push((key, Arc::clone(&table)));
            }
        });
        table
    }
}

impl Drop for VanGenuchtenTable {
    /// Keeps the intervals' buffer for the next table built on this thread (see
    /// `interval_buffer`), up to `SPARE_BUFFERS` of them.
    fn drop(&mut self) {
        let buffer = std::mem::take(&mut self.intervals);
        if buffer.capacity() == 0 {
            return;
        }
        let _ = SPARE_INTERVALS.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                if spare.len() < SPARE_BUFFERS {
                    spare.push(buffer);
                }
            }
        });
    }
}

/// Logarithmic derivatives in u = ln(-h) of K and C of a van Genuchten-Mualem soil at suction
/// `s_cm` > 0, from differentiating van Genuchten (1980) eq. 3 and 8 with x = (alpha s)^n,
/// y = 1/(1 + x), B = 1 - (1 - y)^m:
/// d ln K/du = -m n [l (1 - y) + 2 y (1 - y)^m / B] and
/// d ln C/du = n - 1 - (m + 1) n (1 - y).
pub fn log_derivatives(soil: &VanGenuchtenMualem, s_cm: f64) -> (f64, f64) {
    let n = soil.n;
    let m = soil.m();
    let ln_1px = (soil.alpha_per_cm * s_cm).powf(n).ln_1p();
    let y = (-ln_1px).exp();
    let one_minus_y = -(-ln_1px).exp_m1();
    // (1 - y)^m and B = 1 - (1 - y)^m, accurate for small y as in conductivity_cm_d.
    let p = (m * (-y).ln_1p()).exp();
    let b = -(m * (-y).ln_1p()).exp_m1();
    let dlnk = -m * n * (soil.l * one_minus_y + 2.0 * y * p / b);
    let dlnc = n - 1.0 - (m + 1.0) * n * one_minus_y;
    (dlnk, dlnc)
}

/// Kirchhoff potential from saturation to the suction e^`u0` of an unmodified van
/// Genuchten-Mualem soil (`functions` prepared for it): Gauss in u over panels of 2 from
/// s = 1e-13 cm (K = Ks below).
fn near_saturation_potential(
    soil: &VanGenuchtenMualem,
    functions: &LogSuctionFunctions,
    u0: f64,
) -> f64 {
    let (ua, ub) = (-13.0 * std::f64::consts::LN_10, u0);
    let panels = ((ub - ua) / 2.0).ceil() as usize;
    let width = (ub - ua) / panels as f64;
    let mut near = soil.ks_cm_d * ua.exp();
    for p in 0..panels {
        let mid = ua + (p as f64 + 0.5) * width;
        for (x, w) in GAUSS_X.iter().zip(GAUSS_W) {
            for u in [mid - 0.5 * width * x, mid + 0.5 * width * x] {
                let s = u.exp();
                near += 0.5 * width * w * functions.unmodified_conductivity_cm_d(u) * s;
            }
        }
    }
    near
}

/// Where the table of `model` starts and ends: the smallest suction read from it (1e-3 cm, or
/// with an air-entry head h_s the double just above |h_s|, since at h_s itself the functions
/// take their saturated values), the suction it starts from (1e-3 cm or |h_s|), the global
/// index of the first knot (the knot at or below that start) and the number of intervals (to
/// the first knot above 1e7 cm).
fn extent(model: &VanGenuchtenAirEntry) -> (f64, f64, u64, usize) {
    let start = S_MIN_CM.max(-model.air_entry_cm());
    let s_min = if start > S_MIN_CM {
        f64::from_bits(start.to_bits() + 1)
    } else {
        start
    };
    let first = start.to_bits() >> SHIFT;
    let end = (S_MAX_CM.to_bits() >> SHIFT) + 1;
    (s_min, start, first, (end - first) as usize)
}

/// The Kirchhoff potential at saturation, Phi(0), of the table of `model` (`functions`
/// prepared for it) whose first knot has global index `first` and potential `phi_first`, from
/// suction `start` ([`extent`]) on: with an air-entry head, the table's Phi at `start` = |h_s|
/// plus Ks |h_s| (K = Ks wetter); otherwise `phi_first` plus Gauss in u over panels of 2 from
/// s = 1e-13 cm (K = Ks below) to the first knot.
fn saturation_potential(
    model: &VanGenuchtenAirEntry,
    functions: &LogSuctionFunctions,
    (start, first): (f64, u64),
    phi_first: f64,
    intervals: &[Interval],
) -> f64 {
    let soil = model.van_genuchten();
    if model.air_entry_cm() < 0.0 {
        let (k, t) = cell_of(start.to_bits(), first);
        intervals[k as usize].one(2, t) + soil.ks_cm_d * start
    } else {
        phi_first + near_saturation_potential(soil, functions, knot_ln(first, ln_mantissas()))
    }
}

impl VanGenuchtenTable {
    /// Tabulates `soil` from |h| = 1e-3 cm to 1e7 cm.
    pub fn new(soil: &VanGenuchtenMualem) -> VanGenuchtenTable {
        Self::with_air_entry(&VanGenuchtenAirEntry::new(*soil, 0.0))
    }

    /// Tabulates a soil with an air-entry head h_s from |h_s| (or 1e-3 cm when h_s = 0) to
    /// 1e7 cm. Below h_s its functions are those of van Genuchten-Mualem rescaled by constants,
    /// so they have the same logarithmic derivatives. The knot values come from shared
    /// intermediates ([`LogSuctionFunctions`]), the same functions to about 1e-14 relative.
    ///
    /// Built in blocks of knots from the dry end (`knots_and_intervals`: each knot computed
    /// once, the functions of a block by `LogSuctionFunctions::at_all_in` in loops the
    /// compiler vectorises, each interval written once); the same operations on each number as
    /// a knot-by-knot build, so the same table to the bit (unit test against that build).
    pub fn with_air_entry(model: &VanGenuchtenAirEntry) -> VanGenuchtenTable {
        let functions = LogSuctionFunctions::new(model);
        let (s_min, start, first, len) = extent(model);
        let mut intervals = interval_buffer(len);
        let phi_first = knots_and_intervals(&functions.continued(), first, &mut intervals);
        let phi_zero =
            saturation_potential(model, &functions, (start, first), phi_first, &intervals);
        VanGenuchtenTable {
            model: *model,
            s_min,
            first,
            intervals,
            phi_zero,
        }
    }

    /// The knot-by-knot build of [`Self::with_air_entry`], the reference of its unit test.
    #[cfg(test)]
    fn with_air_entry_knot_by_knot(model: &VanGenuchtenAirEntry) -> VanGenuchtenTable {
        let functions = LogSuctionFunctions::new(model);
        let continued = functions.continued();
        let (s_min, start, first, len) = extent(model);
        let ln_m = ln_mantissas();
        let knot = |g: u64| -> Knot {
            let (u, s) = (knot_ln(g, ln_m), knot_suction(g));
            let v = continued.at(u, s);
            let (c, k) = (v.capacity_per_cm, v.conductivity_cm_d);
            Knot {
                values: [v.theta, c, 0.0, k],
                slopes: [-c, c * v.dlnc_du / s, -k, k * v.dlnk_du / s],
            }
        };
        // Phi(s_g) = integral from s_g to s_max of K ds, summed from the dry end so that small
        // values are not swamped, each interval by the corrected trapezoid rule (the exact
        // integral of the cubic Hermite interpolant of K), each interval made as soon as both
        // its ends are known.
        let mut intervals = Vec::with_capacity(len);
        let mut phi = 0.0;
        let mut b = knot(first + len as u64);
        for g in (first..first + len as u64).rev() {
            let mut a = knot(g);
            let w = cell_width(g);
            let (da, db) = (a.slopes.map(|d| d * w), b.slopes.map(|d| d * w));
            phi += w * (0.5 * (a.values[3] + b.values[3]) - (db[3] - da[3]) / 12.0);
            a.values[2] = phi;
            intervals.push(Interval::hermite(a.values, da, b.values, db));
            b = a;
        }
        intervals.reverse();
        let phi_zero = saturation_potential(model, &functions, (start, first), phi, &intervals);
        VanGenuchtenTable {
            model: *model,
            s_min,
            first,
            intervals,
            phi_zero,
        }
    }

    /// Saturated conductivity (cm/d).
    #[inline(always)]
    pub fn ks_cm_d(&self) -> f64 {
        self.model.ks_cm_d()
    }

    /// Air-entry head (cm; 0 without one).
    #[inline(always)]
    pub fn air_entry_cm(&self) -> f64 {
        self.model.air_entry_cm()
    }

    /// The van Genuchten-Mualem parameters of the soil this table stands for.
    pub fn soil(&self) -> &VanGenuchtenMualem {
        self.model.van_genuchten()
    }

    /// Locates pressure head `h_cm` in the table; `None` outside the tabulated range (including
    /// every h >= -1e-3 cm, or at least the air-entry head).
    #[inline(always)]
    pub fn locate(&self, h_cm: f64) -> Option<Position> {
        self.covers(h_cm).then(|| {
            let (k, t) = cell_of((-h_cm).to_bits(), self.first);
            Position { k: k as usize, t }
        })
    }

    /// Whether head `h_cm` is inside the tabulated range ([`Self::locate`] gives `Some`).
    #[inline(always)]
    pub fn covers(&self, h_cm: f64) -> bool {
        (self.s_min..=S_MAX_CM).contains(&-h_cm)
    }

    /// Water content, capacity (1/cm), Kirchhoff potential (cm2/d) and conductivity (cm/d) at
    /// head `h_cm` from one look-up, the same numbers as [`Self::theta_at`],
    /// [`Self::capacity_at`], [`Self::potential_at`] and [`Self::conductivity_at`] at
    /// [`Self::locate`]'s position; `None` outside the tabulated range.
    #[inline(always)]
    pub fn state(&self, h_cm: f64) -> Option<[f64; 4]> {
        self.covers(h_cm).then(|| self.state_inside(h_cm))
    }

    /// theta, C, Phi and K where the soil is saturated (h >= 0, or at least the air-entry
    /// head): theta_s, 0, Phi(0) + Ks min(h, 0) and Ks, the values of the closed forms and of
    /// [`Self::potential`]; `None` elsewhere.
    #[inline(always)]
    pub fn saturated_state(&self, h_cm: f64) -> Option<[f64; 4]> {
        let vg = self.model.van_genuchten();
        if h_cm >= 0.0 {
            Some([vg.theta_s, 0.0, self.phi_zero, vg.ks_cm_d])
        } else if h_cm >= self.model.air_entry_cm() {
            Some([
                vg.theta_s,
                0.0,
                self.phi_zero + vg.ks_cm_d * h_cm,
                vg.ks_cm_d,
            ])
        } else {
            None
        }
    }

    /// [`Self::state`] at a head `h_cm` inside the tabulated range (the caller checks
    /// [`Self::covers`]; panics on an index outside the table otherwise).
    #[inline(always)]
    pub fn state_inside(&self, h_cm: f64) -> [f64; 4] {
        let (k, t) = cell_of((-h_cm).to_bits(), self.first);
        self.intervals[k as usize].all(t)
    }

    /// The intervals, for the look-ups of a run of nodes of this soil (see [`Lookup`]).
    #[inline(always)]
    pub(crate) fn lookup(&self) -> Lookup<'_> {
        Lookup {
            intervals: &self.intervals,
        }
    }

    /// Where the table starts, for [`locate_all`].
    pub(crate) fn bounds(&self) -> Bounds {
        Bounds {
            s_min: self.s_min,
            first: self.first,
        }
    }

    /// Water content at a located head.
    #[inline]
    pub fn theta_at(&self, p: &Position) -> f64 {
        self.intervals[p.k].one(0, p.t)
    }

    /// Capacity dtheta/dh (1/cm) at a located head.
    #[inline]
    pub fn capacity_at(&self, p: &Position) -> f64 {
        self.intervals[p.k].one(1, p.t)
    }

    /// Conductivity (cm/d) at a located head.
    #[inline]
    pub fn conductivity_at(&self, p: &Position) -> f64 {
        self.intervals[p.k].one(3, p.t)
    }

    /// Kirchhoff potential Phi (cm2/d) at a located head.
    #[inline]
    pub fn potential_at(&self, p: &Position) -> f64 {
        self.intervals[p.k].one(2, p.t)
    }

    /// Water content at head `h_cm`.
    #[inline]
    pub fn theta(&self, h_cm: f64) -> f64 {
        match self.locate(h_cm) {
            Some(p) => self.theta_at(&p),
            None => self.model.theta(h_cm),
        }
    }

    /// Capacity dtheta/dh (1/cm) at head `h_cm`.
    #[inline]
    pub fn capacity(&self, h_cm: f64) -> f64 {
        match self.locate(h_cm) {
            Some(p) => self.capacity_at(&p),
            None => self.model.capacity_per_cm(h_cm),
        }
    }

    /// Conductivity (cm/d) at head `h_cm`.
    #[inline]
    pub fn conductivity(&self, h_cm: f64) -> f64 {
        match self.locate(h_cm) {
            Some(p) => self.conductivity_at(&p),
            None => self.model.conductivity_cm_d(h_cm),
        }
    }

    /// Kirchhoff potential Phi (cm2/d) at head `h_cm`, if it can be had from the table:
    /// tabulated suctions and saturation (h >= 0 gives Phi(0)); with an air-entry head, also
    /// between it and 0, where K = Ks and Phi(s) = Phi(0) - Ks s.
    #[inline]
    pub fn potential(&self, h_cm: f64) -> Option<f64> {
        if h_cm >= 0.0 {
            return Some(self.phi_zero);
        }
        if h_cm >= self.model.air_entry_cm() {
            return Some(self.phi_zero + self.model.ks_cm_d() * h_cm);
        }
        self.locate(h_cm).map(|p| self.potential_at(&p))
    }

    /// Integral-mean conductivity (cm/d) between heads `h_a` and `h_b` with their potentials
    /// `phi_a`, `phi_b` (from [`potential`](Self::potential), `None` where not tabulated). Same
    /// definition and the same close-heads rule as
    /// [`crate::soil::mean_conductivity::van_genuchten_mean_conductivity`].
    #[inline]
    pub fn mean_conductivity(
        &self,
        h_a: f64,
        h_b: f64,
        phi_a: Option<f64>,
        phi_b: Option<f64>,
    ) -> f64 {
        let (lo, hi, phi_lo, phi_hi) = if h_a <= h_b {
            (h_a, h_b, phi_a, phi_b)
        } else {
            (h_b, h_a, phi_b, phi_a)
        };
        let span = hi - lo;
        let scale = 1.0 + lo.abs().min(hi.abs());
        if span <= 1e-3 * scale {
            return self.conductivity(0.5 * (lo + hi));
        }
        if lo >= self.model.air_entry_cm() {
            return self.model.ks_cm_d();
        }
        match (phi_lo, phi_hi) {
            (Some(p_lo), Some(p_hi)) => {
                // Unsaturated part from lo to min(hi, 0), saturated part (Ks) above 0.
                let unsat = p_hi - p_lo;
                let sat = self.model.ks_cm_d() * hi.max(0.0);
                (unsat + sat) / span
            }
            _ => self.model.mean_conductivity_cm_d(lo, hi),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spacing in ln s of the points at which [`fused_knot_values_match_the_closed_forms`]
    /// compares the knot values with the closed forms (the knot spacing of the tables before
    /// the eighth round).
    const DU: f64 = 0.01;

    fn soils() -> Vec<VanGenuchtenMualem> {
        let vg = |theta_r, theta_s, alpha_per_cm, n, ks_cm_d| VanGenuchtenMualem {
            theta_r,
            theta_s,
            alpha_per_cm,
            n,
            ks_cm_d,
            l: 0.5,
        };
        vec![
            vg(0.078, 0.43, 0.036, 1.56, 24.96),
            vg(0.089, 0.43, 0.01, 1.23, 1.68),
            vg(0.045, 0.43, 0.145, 2.68, 712.8),
            vg(0.068, 0.38, 0.008, 1.09, 4.8),
            vg(0.05, 0.4, 0.1, 3.0, 100.0),
            vg(0.05, 0.4, 0.02, 1.05, 1.0),
        ]
    }

    /// The soils of [`soils`] with Mualem's l = 0.5 (a square root in K), 0 and 1.3 (an
    /// exponential), each without and with air-entry heads of -0.5 and -2 cm.
    fn models() -> Vec<VanGenuchtenAirEntry> {
        let mut models = Vec::new();
        for vg in soils() {
            for l in [0.5, 0.0, 1.3] {
                for h_s in [0.0, -0.5, -2.0] {
                    models.push(VanGenuchtenAirEntry::new(
                        VanGenuchtenMualem { l, ..vg },
                        h_s,
                    ));
                }
            }
        }
        models
    }

    /// Reference: the knot-by-knot build (the form of the table builder before the sixth round,
    /// kept as [`VanGenuchtenTable::with_air_entry_knot_by_knot`] and moved to the knots of
    /// the eighth round); the tables must be equal to the bit
    /// (every coefficient of every interval, and the potential at saturation).
    #[test]
    fn a_shared_table_is_built_once_per_soil_and_is_the_same_table() {
        let models = models();
        let (a, b) = (&models[0], &models[1]);
        let first = VanGenuchtenTable::shared(a);
        // Another soil in between does not evict it.
        let other = VanGenuchtenTable::shared(b);
        let again = VanGenuchtenTable::shared(a);
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same soil shares one table"
        );
        assert!(!Arc::ptr_eq(&first, &other), "another soil has its own");
        // A soil differing in one parameter by one unit in the last place is another soil.
        let mut vg = *a.van_genuchten();
        vg.n = f64::from_bits(vg.n.to_bits() + 1);
        let near = VanGenuchtenTable::shared(&VanGenuchtenAirEntry::new(vg, a.air_entry_cm()));
        assert!(!Arc::ptr_eq(&first, &near));
        // The shared table is the table `with_air_entry` builds, to the bit.
        let built = VanGenuchtenTable::with_air_entry(a);
        assert_eq!(first.phi_zero.to_bits(), built.phi_zero.to_bits());
        assert_eq!(
            (first.first, first.intervals.len()),
            (built.first, built.intervals.len())
        );
        let bits = |i: &Interval| i.c.map(|row| row.map(f64::to_bits));
        assert!(first
            .intervals
            .iter()
            .zip(&built.intervals)
            .all(|(x, y)| bits(x) == bits(y)));
        // At most SHARED_TABLES are kept: after that many other soils the first is rebuilt.
        for k in 0..SHARED_TABLES {
            let mut vg = *b.van_genuchten();
            vg.ks_cm_d *= 1.0 + 0.01 * (k + 1) as f64;
            VanGenuchtenTable::shared(&VanGenuchtenAirEntry::new(vg, 0.0));
        }
        let rebuilt = VanGenuchtenTable::shared(a);
        assert!(
            !Arc::ptr_eq(&first, &rebuilt),
            "evicted after {SHARED_TABLES} others"
        );
    }

    #[test]
    fn table_build_equals_the_knot_by_knot_build_to_the_bit() {
        for model in models() {
            let (got, want) = (
                VanGenuchtenTable::with_air_entry(&model),
                VanGenuchtenTable::with_air_entry_knot_by_knot(&model),
            );
            assert_eq!(got.s_min.to_bits(), want.s_min.to_bits());
            assert_eq!(got.first, want.first);
            assert_eq!(got.phi_zero.to_bits(), want.phi_zero.to_bits(), "{model:?}");
            assert_eq!(got.intervals.len(), want.intervals.len());
            let bits = |i: &Interval| i.c.map(|row| row.map(f64::to_bits));
            for (j, (g, w)) in got.intervals.iter().zip(&want.intervals).enumerate() {
                assert_eq!(bits(g), bits(w), "{model:?} interval {j}");
            }
            // The plain copy of the kernel too (`with_air_entry` takes the AVX2 one where the
            // processor has it).
            let count = want.intervals.len() + 1;
            let mut plain = vec![Interval::default(); count - 1];
            let functions = LogSuctionFunctions::new(&model).continued();
            let phi = knots_and_intervals_kernel(&functions, want.first, &mut plain);
            assert_eq!(phi.to_bits(), want.intervals[0].c[0][2].to_bits());
            assert_eq!(plain.len(), want.intervals.len());
            for (j, (g, w)) in plain.iter().zip(&want.intervals).enumerate() {
                assert_eq!(bits(g), bits(w), "{model:?} plain interval {j}");
            }
        }
    }

    /// Reference: [`LogSuctionFunctions::at`] point by point; [`LogSuctionFunctions::at_all`]
    /// must give the same bits, at suctions from 1e-13 cm to 1e9 cm (both sides of x = 1 and of
    /// Se = 1/2, wetter and drier than the air-entry heads), over blocks of several lengths,
    /// with the copy for this processor and the plain copy.
    #[test]
    fn functions_at_all_points_equal_the_pointwise_functions_to_the_bit() {
        let u: Vec<f64> = (0..1000).map(|j| -30.0 + j as f64 * 0.0513).collect();
        let s: Vec<f64> = u.iter().map(|u| u.exp()).collect();
        for model in models() {
            let f = LogSuctionFunctions::new(&model);
            for (len, plain) in [0, 1, 64, 127, 128, 129, 1000]
                .into_iter()
                .flat_map(|len| [(len, false), (len, true)])
            {
                let mut out = vec![vec![f64::NAN; len]; 5];
                let [theta, cap, k, dlnk, dlnc] = &mut out[..] else {
                    unreachable!()
                };
                let arrays = LogSuctionArrays {
                    theta,
                    capacity_per_cm: cap,
                    conductivity_cm_d: k,
                    dlnk_du: dlnk,
                    dlnc_du: dlnc,
                };
                // The copy for this processor, and the plain one.
                if plain {
                    f.at_all_kernel(&u[..len], &s[..len], arrays);
                } else {
                    f.at_all(&u[..len], &s[..len], arrays);
                }
                for i in 0..len {
                    let v = f.at(u[i], s[i]);
                    let want = [
                        v.theta,
                        v.capacity_per_cm,
                        v.conductivity_cm_d,
                        v.dlnk_du,
                        v.dlnc_du,
                    ];
                    for (column, w) in out.iter().zip(want) {
                        assert_eq!(column[i].to_bits(), w.to_bits(), "{model:?} u {}", u[i]);
                    }
                }
            }
        }
    }

    /// Reference: the definition of the knots, s_g = 2^e (1 + j / 2^B) (the exact suction of
    /// the bits g << (52 - B)), and `f64::ln`. [`cell_of`] puts every positive suction tried
    /// (across the table and beyond, on knots, just beside them, and at the largest double of
    /// a binade) in the interval [s_g, s_(g+1)) and gives its position exactly: s_g + t w = s
    /// with no rounding; the knots' logarithms [`knot_ln`] agree with `f64::ln` to 4.5e-16
    /// absolute or relative (two units in the last place); and the widths [`cell_width`] are s_(g+1) - s_g.
    #[test]
    fn suctions_are_located_exactly_from_their_bits() {
        let first = S_MIN_CM.to_bits() >> SHIFT;
        let mut suctions = Vec::new();
        let mut s = 1e-3;
        while s < 2e7 {
            suctions.extend([s, s * (1.0 + f64::EPSILON), s * (1.0 - f64::EPSILON)]);
            s *= 1.000_73;
        }
        let end = (S_MAX_CM.to_bits() >> SHIFT) + 1;
        for g in first..=end {
            let knot = knot_suction(g);
            suctions.extend([knot, f64::from_bits(knot.to_bits() - 1), 0.5 * knot]);
            let (u, want) = (knot_ln(g, ln_mantissas()), knot.ln());
            assert!(
                (u - want).abs() <= 4.5e-16 * want.abs().max(1.0),
                "{knot}: {u} {want}"
            );
            assert_eq!(cell_width(g), knot_suction(g + 1) - knot, "{knot}");
        }
        for s in suctions {
            let (k, t) = cell_of(s.to_bits(), first);
            let g = first.wrapping_add(k);
            let (a, b) = (knot_suction(g), knot_suction(g + 1));
            assert!(a <= s && s < b, "{s}: [{a}, {b})");
            assert!((0.0..1.0).contains(&t), "{s}: {t}");
            assert_eq!(a + t * cell_width(g), s, "{s}");
            assert_eq!(t, (s - a) / (b - a), "{s}");
        }
    }

    /// Reference: [`VanGenuchtenTable::state`] (`covers`, then `state_inside`), which
    /// [`locate_all`] and [`Lookup::state_at`] must reproduce to the bit, at heads across the
    /// table and its ends, on knots and at quarters between them,
    /// and outside it (wet, dry, infinite, NaN); where the processor has AVX2 and FMA, the
    /// AVX2 copy of [`locate_all`] gives the plain copy's bits.
    #[test]
    fn vectorised_location_gives_the_look_up_to_the_bit() {
        for t in [
            VanGenuchtenTable::new(&soils()[0]),
            VanGenuchtenTable::with_air_entry(&VanGenuchtenAirEntry::new(soils()[3], -2.0)),
        ] {
            let mut h = vec![
                0.0,
                -0.0,
                1.0,
                -1e-300,
                -t.s_min,
                -t.s_min * (1.0 - f64::EPSILON),
                -t.s_min * (1.0 + f64::EPSILON),
                -S_MAX_CM,
                -S_MAX_CM * (1.0 + f64::EPSILON),
                -S_MAX_CM * (1.0 - f64::EPSILON),
                -1e300,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NAN,
            ];
            for g in t.first - 2..t.first + t.intervals.len() as u64 + 3 {
                for q in [0.0, 0.25, 0.5, 0.75] {
                    h.push(-(knot_suction(g) + q * cell_width(g)));
                }
            }
            let mut s = 1e-4;
            while s < 1e8 {
                h.push(-s);
                s *= 1.0173;
            }
            let lookup = t.lookup();
            let b = t.bounds();
            let mut k = vec![0; h.len()];
            let mut pos = vec![0.0; h.len()];
            let (s_min, first) = (vec![b.s_min; h.len()], vec![b.first; h.len()]);
            locate_all(&h, (&s_min, &first), &mut k, &mut pos);
            if crate::column::simd::avx2_fma() {
                #[cfg(target_arch = "x86_64")]
                {
                    /// [`locate_all`] compiled for AVX2 and FMA, as in the node kernel.
                    #[target_feature(enable = "avx2,fma")]
                    fn locate_all_avx2(
                        h: &[f64],
                        bounds: (&[f64], &[u64]),
                        k: &mut [usize],
                        t: &mut [f64],
                    ) {
                        locate_all(h, bounds, k, t);
                    }
                    let mut k2 = vec![0; h.len()];
                    let mut pos2 = vec![0.0; h.len()];
                    // SAFETY: the processor has AVX2 and FMA (checked above).
                    unsafe { locate_all_avx2(&h, (&s_min, &first), &mut k2, &mut pos2) };
                    assert_eq!(k2, k);
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&pos2), bits(&pos));
                }
            }
            let mut inside = 0;
            for (i, &hi) in h.iter().enumerate() {
                // The position of a head outside the table is not used.
                let got = lookup.state_at(k[i], pos[i]).map(|v| v.map(f64::to_bits));
                let want = t.state(hi).map(|v| v.map(f64::to_bits));
                assert_eq!(got, want, "h {hi}");
                inside += usize::from(want.is_some());
            }
            assert!(inside > 4 * t.intervals.len(), "{inside}");
        }
    }

    /// The bits of everything a table holds.
    fn table_bits(t: &VanGenuchtenTable) -> Vec<u64> {
        let mut bits = vec![t.s_min.to_bits(), t.first, t.phi_zero.to_bits()];
        for interval in &t.intervals {
            bits.extend(interval.c.iter().flatten().map(|c| c.to_bits()));
        }
        bits
    }

    /// Reference: the same table built into a new buffer. A table built into the buffer of a
    /// dropped one (of another soil, shorter or longer) has the same bits.
    #[test]
    fn a_table_built_into_a_dropped_tables_buffer_is_the_same() {
        let clay = VanGenuchtenAirEntry::new(soils()[3], -2.0);
        let loam = VanGenuchtenAirEntry::new(soils()[0], 0.0);
        for (first, second) in [(clay, loam), (loam, clay), (loam, loam)] {
            let want = VanGenuchtenTable::with_air_entry(&second);
            let dropped = VanGenuchtenTable::with_air_entry(&first);
            let (ptr, capacity) = (dropped.intervals.as_ptr(), dropped.intervals.capacity());
            drop(dropped);
            let got = VanGenuchtenTable::with_air_entry(&second);
            if got.intervals.len() <= capacity {
                // The dropped table's buffer was taken.
                assert_eq!(got.intervals.as_ptr(), ptr);
            }
            assert_eq!(table_bits(&got), table_bits(&want));
            assert_eq!(got.intervals.len(), want.intervals.len());
        }
    }

    /// Reference: the closed forms of van Genuchten (1980) in soil::van_genuchten; tolerance
    /// 1e-7 relative for theta and K, 1e-6 for C, over 1e-3 to 1e7 cm of suction.
    #[test]
    fn table_reproduces_the_functions() {
        for soil in soils() {
            let t = VanGenuchtenTable::new(&soil);
            let mut s = 1.0e-3;
            while s < 1e7 {
                let h = -s;
                let rel = |a: f64, b: f64| ((a - b) / b.abs().max(1e-300)).abs();
                assert!(rel(t.theta(h), soil.theta(h)) < 1e-9, "theta {soil:?} {h}");
                assert!(
                    rel(t.conductivity(h), soil.conductivity_cm_d(h)) < 1e-7,
                    "K {soil:?} {h}: {} vs {}",
                    t.conductivity(h),
                    soil.conductivity_cm_d(h)
                );
                assert!(
                    rel(t.capacity(h), soil.capacity_per_cm(h)) < 1e-6,
                    "C {soil:?} {h}"
                );
                s *= 1.0137;
            }
        }
    }

    /// Reference: the closed forms of soil::van_genuchten and soil::air_entry and
    /// [`log_derivatives`], at the knots of a table, against the fused evaluation the tables are
    /// built from ([`LogSuctionFunctions`]), for n from 1.05 to 3, three alphas, l = 0.5 and
    /// -1, with h_s = 0 and -2 cm, and below the tabulated range for K (the near-saturation
    /// potential). Tolerance 1e-13 relative for theta, C, K and d ln K/du; for d ln C/du, which
    /// changes sign, 1e-13 n absolute (its terms are of size n).
    #[test]
    fn fused_knot_values_match_the_closed_forms() {
        let mut worst = [0.0f64; 5];
        for j in 0..=39 {
            let n = 1.05 + j as f64 * 0.05;
            for alpha_per_cm in [0.005, 0.036, 0.145] {
                for l in [0.5, -1.0] {
                    let vg = VanGenuchtenMualem {
                        theta_r: 0.07,
                        theta_s: 0.41,
                        alpha_per_cm,
                        n,
                        ks_cm_d: 12.5,
                        l,
                    };
                    for h_s in [0.0, -2.0] {
                        let model = VanGenuchtenAirEntry::new(vg, h_s);
                        let f = LogSuctionFunctions::new(&model);
                        let u0 = S_MIN_CM.max(-h_s).ln();
                        let last = ((S_MAX_CM.ln() - u0) / DU).ceil() as usize;
                        for k in 0..=last {
                            let u = u0 + k as f64 * DU;
                            let s = u.exp();
                            let h = -s;
                            let got = f.at(u, s);
                            let (dlnk, dlnc) = log_derivatives(&vg, s);
                            let rel = rel_err;
                            let closed_form_error = closed_form_error(&vg, s);
                            let errors = [
                                rel(got.theta, model.theta(h)),
                                rel(got.capacity_per_cm, model.capacity_per_cm(h)),
                                rel(got.conductivity_cm_d, model.conductivity_cm_d(h))
                                    / (1.0 + closed_form_error / 1e-13),
                                rel(got.dlnk_du, dlnk) / (1.0 + closed_form_error / 1e-13),
                                (got.dlnc_du - dlnc).abs() / n,
                            ];
                            for (w, e) in worst.iter_mut().zip(errors) {
                                *w = w.max(e);
                                assert!(e < 1e-13, "{vg:?} h_s {h_s} s {s}: {errors:?}");
                            }
                        }
                        if h_s == 0.0 {
                            for k in 0..=230 {
                                let u = -13.0 * std::f64::consts::LN_10 + k as f64 * 0.1;
                                let s = u.exp();
                                let (got, want) =
                                    (f.unmodified_conductivity_cm_d(u), vg.conductivity_cm_d(-s));
                                assert!(
                                    rel_err(got, want) < 1e-13 + closed_form_error(&vg, s),
                                    "{vg:?} u {u}: {got} {want}"
                                );
                            }
                        }
                    }
                }
            }
        }
        // Not all bit-identical: the comparison is a real one.
        assert!(worst.iter().all(|&w| w > 0.0), "{worst:?}");
        eprintln!("fused knot values, worst differences: {worst:?}");
    }

    /// Reference: van Genuchten (1980) eq. 3 and 8 (theta, C, K, d ln K/du, d ln C/du) in
    /// 50-digit arithmetic (mpmath 1.3, `mp.dps = 50`, the textbook forms with the parameters
    /// and s = e^u taken as the doubles used here, rounded to the nearest double), including
    /// near saturation where the closed forms of soil::van_genuchten lose digits (at s = 1e-13 cm
    /// their K is 0.5 % off for n = 1.05). Tolerance 2e-14 relative.
    #[test]
    fn fused_knot_values_match_a_high_precision_reference() {
        // (alpha, n, u, [theta, C, K, d ln K/du, d ln C/du]); theta_r 0.07, theta_s 0.41,
        // Ks 12.5 cm/d, l 0.5.
        let cases: [(f64, f64, f64, [f64; 5]); 8] = [
            (
                0.005,
                1.05,
                -29.933606208922598,
                [
                    0.41,
                    1.4600489823652902e-05,
                    8.574551960328028,
                    -0.020739476435389162,
                    0.04999999999999995,
                ],
            ),
            (
                0.005,
                1.05,
                -6.907755278982137,
                [
                    0.40999995602786937,
                    4.61706714293008e-05,
                    2.6084894838471735,
                    -0.11890714724737453,
                    0.04999701248558001,
                ],
            ),
            (
                0.005,
                1.05,
                0.0,
                [
                    0.40993801211632835,
                    6.495690446480479e-05,
                    0.6777901015904084,
                    -0.32826185201746283,
                    0.04579613974521725,
                ],
            ),
            (
                0.005,
                1.05,
                12.0,
                [
                    0.3131843138157969,
                    7.464319458298453e-08,
                    1.850299502415678e-08,
                    -2.1240118993162884,
                    -1.0490339888323723,
                ],
            ),
            (
                0.01,
                1.23,
                -29.933606208922598,
                [
                    0.41,
                    2.774640703806559e-07,
                    12.491131238925925,
                    -0.00016327209017112556,
                    0.22999999999999998,
                ],
            ),
            (
                0.01,
                1.23,
                -6.907755278982137,
                [
                    0.40999995499078284,
                    5.5361313817291185e-05,
                    10.792783446576335,
                    -0.035046668133871264,
                    0.2299989663998865,
                ],
            ),
            (
                0.01,
                1.23,
                0.0,
                [
                    0.40978000679995585,
                    0.00027003645772190137,
                    5.336346686829513,
                    -0.24347007515756,
                    0.22495513439151346,
                ],
            ),
            (
                0.01,
                1.23,
                12.0,
                [
                    0.13206075283709642,
                    8.769248714156026e-08,
                    2.3485164406169836e-09,
                    -2.5748233753078402,
                    -1.2298362740202706,
                ],
            ),
        ];
        for (alpha_per_cm, n, u, want) in cases {
            let vg = VanGenuchtenMualem {
                theta_r: 0.07,
                theta_s: 0.41,
                alpha_per_cm,
                n,
                ks_cm_d: 12.5,
                l: 0.5,
            };
            let f = LogSuctionFunctions::new(&VanGenuchtenAirEntry::new(vg, 0.0));
            let v = f.at(u, u.exp());
            let got = [
                v.theta,
                v.capacity_per_cm,
                v.conductivity_cm_d,
                v.dlnk_du,
                v.dlnc_du,
            ];
            for (g, w) in got.iter().zip(want) {
                assert!(rel_err(*g, w) < 2e-14, "{alpha_per_cm} {n} {u}: {got:?}");
            }
            assert!(rel_err(f.unmodified_conductivity_cm_d(u), want[2]) < 2e-14);
        }
    }

    /// The relative rounding error of the closed forms' K and d ln K/du at suction `s`: where
    /// x = (alpha s)^n is small they take 1 - y as 1 - e^-ln(1+x), which is short of relative
    /// precision by eps / x, and that error reaches K and d ln K/du through B = 1 - (1 - y)^m
    /// (the fused form takes ln(1 - y) = ln x - ln(1 + x) instead); with a factor 4 to spare.
    fn closed_form_error(vg: &VanGenuchtenMualem, s: f64) -> f64 {
        let x = (vg.alpha_per_cm * s).powf(vg.n);
        let p = (x / (1.0 + x)).powf(vg.m());
        4.0 * f64::EPSILON * vg.m() * (1.0 + p / (1.0 - p)) / x
    }

    fn rel_err(a: f64, b: f64) -> f64 {
        if a == b {
            0.0
        } else {
            ((a - b) / b.abs()).abs()
        }
    }

    /// Reference: fourth-order central differences of soil::van_genuchten's K and C in u;
    /// tolerance 1e-6 relative.
    #[test]
    fn log_derivatives_match_finite_differences() {
        for soil in soils() {
            let mut s = 1e-3;
            while s < 1e7 {
                let (dlnk, dlnc) = log_derivatives(&soil, s);
                let e = 1e-3;
                let fd = |f: &dyn Fn(f64) -> f64| {
                    let g = |v: f64| f(-(s.ln() + v).exp()).ln();
                    (8.0 * (g(e) - g(-e)) - (g(2.0 * e) - g(-2.0 * e))) / (12.0 * e)
                };
                let k_fd = fd(&|h| soil.conductivity_cm_d(h));
                let c_fd = fd(&|h| soil.capacity_per_cm(h));
                assert!(
                    (dlnk - k_fd).abs() < 1e-6 * (1.0 + k_fd.abs()),
                    "{s}: {dlnk} {k_fd}"
                );
                assert!(
                    (dlnc - c_fd).abs() < 1e-6 * (1.0 + c_fd.abs()),
                    "{s}: {dlnc} {c_fd}"
                );
                s *= 1.37;
            }
        }
    }

    /// Integral mean by composite Simpson in u = ln(s) with 2000 panels (and Ks below 1e-7 cm
    /// of suction), written independently of both the table and soil::mean_conductivity.
    fn fine_mean(soil: &VanGenuchtenMualem, lo: f64, hi: f64) -> f64 {
        let mut integral = soil.ks_cm_d * hi.max(0.0);
        let s_top = (-hi).max(1e-7);
        if hi <= 0.0 || lo < 0.0 {
            if hi >= 0.0 {
                integral += soil.ks_cm_d * 1e-7;
            }
            let (u0, u1) = (s_top.ln(), (-lo).ln());
            let m = 2_000;
            let du = (u1 - u0) / m as f64;
            let f = |u: f64| soil.conductivity_cm_d(-u.exp()) * u.exp();
            let mut sum = f(u0) + f(u1);
            for j in 1..m {
                sum += if j % 2 == 1 { 4.0 } else { 2.0 } * f(u0 + j as f64 * du);
            }
            integral += sum * du / 3.0;
        }
        integral / (hi - lo)
    }

    /// Reference: [`fine_mean`], an independent fine quadrature of K(h); tolerance 3e-6
    /// relative, for spans from 0.2 % of |h| to 10^6 cm, across saturation too.
    #[test]
    fn mean_conductivity_matches_a_fine_quadrature() {
        for soil in soils() {
            let t = VanGenuchtenTable::new(&soil);
            let mut worst: f64 = 0.0;
            let mut a: f64 = -1e6;
            while a < -1e-2 {
                for ratio in [1.002, 1.01, 1.1, 1.5, 3.0, 30.0, 1e3] {
                    for (lo, hi) in [(a, a / ratio), (a, a / ratio + 0.5), (a, 2.0)] {
                        if hi - lo <= 1e-3 * (1.0 + lo.abs().min(hi.abs())) {
                            continue;
                        }
                        let got = t.mean_conductivity(lo, hi, t.potential(lo), t.potential(hi));
                        let reference = fine_mean(&soil, lo, hi);
                        let rel = ((got - reference) / reference).abs();
                        worst = worst.max(rel);
                        assert!(
                            rel < 3e-6,
                            "{soil:?} [{lo}, {hi}]: {got} vs {reference} ({rel:e})"
                        );
                    }
                }
                a *= 0.83;
            }
            assert!(worst > 0.0);
        }
    }

    /// Reference: the closed forms of soil::van_genuchten and soil::air_entry and
    /// [`VanGenuchtenTable::potential`]; the saturated state must equal them exactly.
    #[test]
    fn saturated_state_equals_the_closed_forms() {
        let vg = soils()[3];
        for m in [
            VanGenuchtenAirEntry::new(vg, 0.0),
            VanGenuchtenAirEntry::new(vg, -2.0),
        ] {
            let t = VanGenuchtenTable::with_air_entry(&m);
            for h in [-2.0, -1.0, -1e-4, 0.0, 3.0, 50.0] {
                match t.saturated_state(h) {
                    Some(st) => assert_eq!(
                        st,
                        [
                            m.theta(h),
                            m.capacity_per_cm(h),
                            t.potential(h).unwrap(),
                            m.conductivity_cm_d(h)
                        ],
                        "{h}"
                    ),
                    None => assert!(h < m.air_entry_cm(), "{h}"),
                }
            }
        }
    }

    /// Reference: the closed forms of soil::air_entry (Vogel et al. 2001) for the clay and the
    /// n = 1.05 soil with h_s = -2 cm; the same tolerances as for the unmodified table, from h_s
    /// to 1e7 cm of suction, and the saturated values wetter than h_s.
    #[test]
    fn air_entry_table_reproduces_the_functions() {
        for vg in [soils()[3], soils()[5]] {
            let m = VanGenuchtenAirEntry::new(vg, -2.0);
            let t = VanGenuchtenTable::with_air_entry(&m);
            let rel = |a: f64, b: f64| ((a - b) / b.abs().max(1e-300)).abs();
            let mut s = 2.0;
            while s < 1e7 {
                let h = -s;
                assert!(rel(t.theta(h), m.theta(h)) < 1e-9, "theta {h}");
                assert!(
                    rel(t.conductivity(h), m.conductivity_cm_d(h)) < 1e-7,
                    "K {h}"
                );
                assert!(rel(t.capacity(h), m.capacity_per_cm(h)) < 1e-6, "C {h}");
                s *= 1.0137;
            }
            for h in [-1.999, -1.0, -0.01, 0.0, 5.0] {
                assert_eq!(t.theta(h), vg.theta_s);
                assert_eq!(t.conductivity(h), vg.ks_cm_d);
                assert_eq!(t.capacity(h), 0.0);
            }
        }
    }

    /// Reference: a composite Simpson sum of soil::air_entry's K over 20 000 panels in h (the
    /// kink at h_s on a panel edge), tolerance 1e-6 relative, for element head ranges below,
    /// across and above the air-entry head.
    #[test]
    fn air_entry_mean_conductivity_matches_a_fine_quadrature() {
        let m = VanGenuchtenAirEntry::new(soils()[3], -2.0);
        let t = VanGenuchtenTable::with_air_entry(&m);
        let simpson = |a: f64, b: f64| {
            let n = 20_000;
            let w = (b - a) / n as f64;
            let f = |h: f64| m.conductivity_cm_d(h);
            let mut sum = f(a) + f(b);
            for j in 1..n {
                sum += if j % 2 == 1 { 4.0 } else { 2.0 } * f(a + j as f64 * w);
            }
            sum * w / 3.0
        };
        for (lo, hi) in [
            (-50.0, -2.0),
            (-2.0, 3.0),
            (-3.0, -2.5),
            (-500.0, -20.0),
            (-1.5, -0.5),
        ] {
            let reference = if lo < -2.0 && hi > -2.0 {
                (simpson(lo, -2.0) + simpson(-2.0, hi)) / (hi - lo)
            } else {
                simpson(lo, hi) / (hi - lo)
            };
            let got = t.mean_conductivity(lo, hi, t.potential(lo), t.potential(hi));
            assert!(
                ((got - reference) / reference).abs() < 1e-6,
                "[{lo}, {hi}]: {got} vs {reference}"
            );
        }
        let (lo, hi) = (-40.0, 1.0);
        let reference = (simpson(lo, -2.0) + simpson(-2.0, hi)) / (hi - lo);
        let got = t.mean_conductivity(lo, hi, t.potential(lo), t.potential(hi));
        assert!(
            ((got - reference) / reference).abs() < 1e-6,
            "{got} vs {reference}"
        );
    }
}
