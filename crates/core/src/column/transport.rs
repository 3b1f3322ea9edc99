//! Advection-dispersion of one salt (total dissolved solids) in the liquid phase.
//!
//! d(W c)/dt = -d/dz [ q c - theta D dc/dz ] with theta D = lambda |q| + theta D_w tau
//! (Bear 1972; HYDRUS-1D manual eq. 3.3-3.12), tau after Millington & Quirk (1961):
//! tau = theta^(7/3) / theta_s^2. Roots take water but no salt; water leaving through the
//! surface leaves its salt behind; water entering carries its own concentration (third-type,
//! flux-concentration condition at an inflow boundary, van Genuchten & Alves 1982).
//!
//! The scheme is conservative finite volumes on the flow grid, Crank-Nicolson in time with
//! Courant-limited sub-steps inside each water step, central weighting of advection where the
//! grid Peclet number is at most 2 and upstream weighting where it is larger (Patankar 1980,
//! hybrid scheme), which keeps the solution free of oscillations. The salt budget closes to
//! round-off because every flux leaves one node and enters its neighbour.

use super::grid::Grid;
use super::nodes::NodeSoils;
use super::spec::{Tortuosity, TransportSpec};
use crate::linalg::tridiag::{solve_tridiagonal_in, TridiagWork};
use crate::soil::HydraulicFunctions;

/// Crank-Nicolson weight of the new time level.
const EPSILON: f64 = 0.5;
/// Diffusion number above which an element's flux is taken at the new level only (backward
/// Euler) instead of Crank-Nicolson. The element's diffusion number r = (alpha - beta) dt / (2 W)
/// (its coupling of its two nodes over a sub-step against the smaller of their storages W)
/// makes Crank-Nicolson multiply the mode in which they swing against each other by
/// -(r - 1) / (r + 1), close to -1 for a large r: a jump (the inlet's concentration at t = 0,
/// an irrigation) starts an oscillation of the node concentrations that lasts for days
/// (Osterby 2003, BIT Numer. Math. 43, 811-822, "Crank-Nicolson oscillations"), where backward
/// Euler damps it by 1 / (1 + r). Such an element's flux is slaved to its neighbours within a
/// sub-step, so the first-order weighting costs little: with 10 the salt per band and the water
/// content of the benchmark year came closer to the converged run and the reference path, the
/// third-type front's surface node 0.0005 C0 off instead of 0.0025 (0.0003 before the Courant
/// floor; docs/performance.md, "Cheaper transport"). It concerns the thin elements near the
/// surface, whose sub-steps are longer since [`MIN_COURANT_LENGTH_CM`]. Every flux still leaves
/// one node and enters the next, so the salt budget closes as before.
const STIFF_DIFFUSION_NUMBER: f64 = 10.0;
/// Largest Courant number of a sub-step (|v| dt / dz, over at least [`MIN_COURANT_LENGTH_CM`]
/// in a central-weighted element) and largest Pe Cr / 2 there ([`substeps_per_day`]).
const MAX_COURANT: f64 = 1.0;
/// Shortest length (cm) over which the Courant number of a sub-step is taken in an element
/// weighted centrally (grid Peclet number at most 2, where dispersion rather than advection
/// mixes it). The elements of the grid's refinements (0.05 cm and up at the surface, made for
/// the flow's evaporation boundary, 0.25 cm at layer interfaces) count as 0.5 cm: sub-steps as
/// short as those of HYDRUS-1D keeping Cr <= 1 on a 0.5 cm grid, two to four times finer than
/// its usual 1-2 cm (Simunek et al. 2008, manual section 5.4.5); Perrochet & Berod's (1993)
/// bound Pe Cr <= 2 for an oscillation-free Crank-Nicolson step is kept in them as well (with
/// dispersivities of centimetres their Pe is below 0.01 and it does not bind). Upstream-weighted
/// elements keep Cr <= 1 on their own length. Without the floor the 0.05 cm element set the
/// sub-step count of almost every step of the benchmark year (10 315 sub-steps for 2 542
/// steps, against 2 707 with it; docs/performance.md, "Cheaper transport").
const MIN_COURANT_LENGTH_CM: f64 = 0.5;

/// Water-flow information the transport step needs: one water step's results.
pub struct WaterFlow<'a> {
    /// Storage per node at the start of the water step (cm), ponded water included.
    pub w_old: &'a [f64],
    /// Storage per node at the end (cm), ponded water included.
    pub w_new: &'a [f64],
    /// Ponded water at the start and the end of the step (cm) that is not the surface node's
    /// soil water: a pond kept as its own reservoir (its salt enters through
    /// `salt_in_top_mg_cm2_d`); zeros mix the pond into the surface node.
    pub pond_cm: (f64, f64),
    /// Water content per node at the end (for dispersion and tortuosity).
    pub theta: &'a [f64],
    /// Element fluxes (cm/d, downward positive).
    pub q_elem: &'a [f64],
    /// Salt entering the soil through the surface (mg/cm2/d): infiltration times its
    /// concentration.
    pub salt_in_top_mg_cm2_d: f64,
    /// Flux through the bottom (cm/d, downward positive = drainage).
    pub q_bottom_cm_d: f64,
    /// Concentration of water entering from below (g/L).
    pub bottom_inflow_salt_g_l: f64,
    /// Length of the water step (d).
    pub dt_d: f64,
}

/// Salt through the boundaries over one transport step (mg/cm2).
#[derive(Clone, Copy, Debug, Default)]
pub struct SaltFluxes {
    /// Entering at the surface.
    pub in_top: f64,
    /// Entering at the bottom.
    pub in_bottom: f64,
    /// Leaving at the bottom.
    pub out_bottom: f64,
}

/// Working arrays.
#[derive(Clone, Debug, Default)]
pub struct TransportScratch {
    alpha: Vec<f64>,
    beta: Vec<f64>,
    /// Salt flux of each element at the old level of a sub-step (mg/cm2/d).
    flux: Vec<f64>,
    /// Weight of the new level in each element's flux (1/2 or 1), the same for every sub-step.
    implicit: Vec<f64>,
    /// Implicit flux terms of each node's diagonal, the same for every sub-step of a step.
    flux_diag: Vec<f64>,
    /// Storage per node at the start of the water step (cm), without a separate pond (used
    /// only where there is one).
    w_base: Vec<f64>,
    /// Change of storage over the water step per node (cm).
    dw: Vec<f64>,
    /// Smaller storage of each node at either end of the water step (cm).
    w_min: Vec<f64>,
    /// Per element, its soil's dispersivity (cm) and 1 / theta_s^2: constants of the column,
    /// filled at the first step (a scratch serves one column).
    elem_dispersivity_cm: Vec<f64>,
    elem_inv_theta_s2: Vec<f64>,
    /// Per element, 1 / max(dz, [`MIN_COURANT_LENGTH_CM`]) (1/cm), also filled at the first step.
    elem_inv_courant_length: Vec<f64>,
    /// Sub-steps each element asks for per day of step (1/d), [`substeps_per_day`].
    courant: Vec<f64>,
    /// theta D_w tau per element (cm2/d).
    diffusive: Vec<f64>,
    /// Per element, the mean water content of its two nodes (that of the step; with the
    /// Millington-Quirk tortuosity the one its term in `diffusive` was computed from, the same
    /// bits), and the bits of the D_w that term was computed with (`None`: not computed by
    /// [`tortuous_diffusion_reusing`], or overwritten since).
    elem_theta: Vec<f64>,
    tortuous_diffusion_bits: Option<u64>,
    a: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
    work: Vec<f64>,
    /// Working arrays of the solve.
    tridiag: TridiagWork,
}

impl TransportScratch {
    /// Arrays for `n` nodes.
    pub fn new(n: usize) -> TransportScratch {
        TransportScratch {
            alpha: vec![0.0; n],
            beta: vec![0.0; n],
            flux: vec![0.0; n],
            implicit: vec![0.0; n],
            flux_diag: vec![0.0; n],
            w_base: vec![0.0; n],
            dw: vec![0.0; n],
            w_min: vec![0.0; n],
            elem_dispersivity_cm: Vec::new(),
            elem_inv_theta_s2: Vec::new(),
            elem_inv_courant_length: Vec::new(),
            courant: vec![0.0; n],
            diffusive: vec![0.0; n],
            elem_theta: vec![0.0; n],
            tortuous_diffusion_bits: None,
            a: vec![0.0; n],
            b: vec![0.0; n],
            c: vec![0.0; n],
            work: vec![0.0; n],
            tridiag: TridiagWork::default(),
        }
    }
}

/// Effective dispersion theta D (cm2/d) of an element with water content `theta`, Darcy flux
/// `q_cm_d`, dispersivity `lambda_cm`, for a soil of saturated content `theta_s`.
pub fn theta_dispersion_cm2_d(
    theta: f64,
    theta_s: f64,
    q_cm_d: f64,
    lambda_cm: f64,
    spec: &TransportSpec,
) -> f64 {
    if spec.molecular_diffusion_cm2_d == 0.0 {
        return lambda_cm * q_cm_d.abs();
    }
    let tau = match spec.tortuosity {
        Tortuosity::MillingtonQuirk => pow_seven_thirds::<false>(theta) / (theta_s * theta_s),
        Tortuosity::None => 1.0,
    };
    lambda_cm * q_cm_d.abs() + theta * spec.molecular_diffusion_cm2_d * tau
}

/// x^(7/3) for x > 0 (0 otherwise), inlined: x^3 r^2 with r = x^(-1/3) by four Newton
/// iterations r <- r (4 - x r^3) / 3 (no division), started from the bits of x (the exponent
/// divided by -3, as in the well-known inverse-square-root estimate; Lomont 2003), within 6 %.
/// The error falls as 2 e^2 an iteration, to round-off (1e-15 relative, where `powf(7.0 / 3.0)`
/// is itself 1.5e-15 from x^(7/3) because 7/3 is not a double); `powf` was the transport's
/// largest cost. With `VECTOR` the bits are divided by 3 by [`third_of`] (the same number),
/// which lets a loop of these vectorise with AVX2 (with SSE2 alone it is slower than the
/// integer division).
#[inline(always)]
fn pow_seven_thirds<const VECTOR: bool>(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let third = if VECTOR {
        third_of(x.to_bits())
    } else {
        x.to_bits() / 3
    };
    let mut r = f64::from_bits(0x553f_0000_0000_0000 - third);
    for _ in 0..4 {
        // x r^3 as (x r) (r r) and r / 3 beside it: a shorter chain of dependent operations.
        let y = (x * r) * (r * r);
        r = (r * (1.0 / 3.0)) * (4.0 - y);
    }
    (x * x) * x * (r * r)
}

/// Elements whose x^(7/3) [`pow_seven_thirds_lanes`] computes side by side.
const POW_LANES: usize = 24;
/// Elements of the blocks that finish the column after the blocks of [`POW_LANES`].
const POW_TAIL_LANES: usize = 8;

/// [`pow_seven_thirds`] of `N` values, each by the same operations in the same order (the same
/// bits), written operation by operation across the lanes: the Newton iteration is a chain of
/// dependent multiplications, and six vectors of independent chains side by side (N = 24)
/// keep the processor's multipliers busy where one element (or one vector) at a time left them
/// waiting for the previous result (the tortuosity loop of the benchmark year, 151 elements,
/// about 390 -> 280 ns a step with AVX2, 205 ns with [`third_of`] as it is now;
/// docs/performance.md, "Cheaper transport step (fifth round)").
#[inline(always)]
fn pow_seven_thirds_lanes<const VECTOR: bool, const N: usize>(x: &[f64; N]) -> [f64; N] {
    let mut r = [0.0; N];
    for (r, &x) in r.iter_mut().zip(x) {
        let third = if VECTOR {
            third_of(x.to_bits())
        } else {
            x.to_bits() / 3
        };
        *r = f64::from_bits(0x553f_0000_0000_0000_u64.wrapping_sub(third));
    }
    for _ in 0..4 {
        for (r, &x) in r.iter_mut().zip(x) {
            let y = (x * *r) * (*r * *r);
            *r = (*r * (1.0 / 3.0)) * (4.0 - y);
        }
    }
    // 0 where x <= 0, as a mask on the bits (a select the compiler keeps in vector registers).
    let mut p = [0.0; N];
    for ((p, &x), &r) in p.iter_mut().zip(x).zip(&r) {
        let keep = u64::from(x <= 0.0).wrapping_sub(1);
        *p = f64::from_bits(((x * x) * x * (r * r)).to_bits() & keep);
    }
    p
}

/// Molecular diffusion theta D_w tau per element with the Millington-Quirk tortuosity
/// tau = theta^(7/3) / theta_s^2 (Millington & Quirk 1961), theta the mean of the element's two
/// nodes: `diffusive[e] = theta_e D_w (theta_e^(7/3) / theta_s^2)` with `inv_ts2` the elements'
/// 1 / theta_s^2 and `diffusion` D_w (cm2/d), every element computed
/// ([`tortuous_diffusion_reusing`] without terms to reuse).
#[cfg(test)]
fn tortuous_diffusion<const VECTOR: bool>(
    theta: &[f64],
    inv_ts2: &[f64],
    diffusion: f64,
    diffusive: &mut [f64],
) {
    let mut elem_theta = vec![0.0; diffusive.len()];
    tortuous_diffusion_reusing::<VECTOR>(
        theta,
        inv_ts2,
        diffusion,
        false,
        &mut elem_theta,
        diffusive,
    );
}

/// The Millington-Quirk diffusion terms of [`tortuous_diffusion`] into `diffusive`, each
/// element's mean water content into `elem_theta`. With `known` (`diffusive` and `elem_theta`
/// hold the terms of the same D_w and `inv_ts2` from an earlier call), the elements from the
/// bottom up whose mean water content has the bits in `elem_theta` keep their terms, which are
/// those bits' (a term depends on theta_e, 1 / theta_s^2 and D_w only). In blocks of
/// [`POW_LANES`] elements, then of [`POW_TAIL_LANES`], the last block shifted back to end at the
/// last element computed (some elements computed twice, to the same bits).
#[inline(always)]
fn tortuous_diffusion_reusing<const VECTOR: bool>(
    theta: &[f64],
    inv_ts2: &[f64],
    diffusion: f64,
    known: bool,
    elem_theta: &mut [f64],
    diffusive: &mut [f64],
) {
    let ne = diffusive.len();
    let end = if known {
        changed_elements(theta, &elem_theta[..ne])
    } else {
        ne
    };
    if end < POW_TAIL_LANES {
        for e in 0..end {
            let theta_e = 0.5 * (theta[e] + theta[e + 1]);
            elem_theta[e] = theta_e;
            diffusive[e] = theta_e * diffusion * (pow_seven_thirds::<VECTOR>(theta_e) * inv_ts2[e]);
        }
        return;
    }
    let mut e0 = 0;
    while e0 + POW_LANES <= end {
        diffusion_block::<VECTOR, POW_LANES>(
            theta,
            inv_ts2,
            diffusion,
            (elem_theta, diffusive),
            e0,
        );
        e0 += POW_LANES;
    }
    while e0 < end {
        let start = e0.min(end - POW_TAIL_LANES);
        let out = (&mut *elem_theta, &mut *diffusive);
        diffusion_block::<VECTOR, POW_TAIL_LANES>(theta, inv_ts2, diffusion, out, start);
        e0 += POW_TAIL_LANES;
    }
}

/// A number of elements from the top below which every element's mean water content
/// 0.5 (theta[e] + theta[e + 1]) has the bits of `elem_theta[e]`: the bottom's blocks of
/// [`POW_TAIL_LANES`] elements that have them all are left off, each block's differences of
/// bits or-ed in local arrays (vectorised, one branch a block); the elements above are all
/// counted, changed or not (an element computed again gets the same bits).
#[inline(always)]
fn changed_elements(theta: &[f64], elem_theta: &[f64]) -> usize {
    const N: usize = POW_TAIL_LANES;
    let ne = elem_theta.len();
    let theta = &theta[..ne + 1];
    let mut end = ne;
    while end >= N {
        let e0 = end - N;
        let mut lower = [0.0; N];
        let mut upper = [0.0; N];
        let mut kept = [0.0; N];
        lower.copy_from_slice(&theta[e0..end]);
        upper.copy_from_slice(&theta[e0 + 1..end + 1]);
        kept.copy_from_slice(&elem_theta[e0..end]);
        let mut differ = 0u64;
        for k in 0..N {
            differ |= (0.5 * (lower[k] + upper[k])).to_bits() ^ kept[k].to_bits();
        }
        if differ != 0 {
            return end;
        }
        end = e0;
    }
    let differ =
        (0..end).any(|e| (0.5 * (theta[e] + theta[e + 1])).to_bits() != elem_theta[e].to_bits());
    if differ {
        end
    } else {
        0
    }
}

/// The `N` elements from `e0` of [`tortuous_diffusion_reusing`]: their mean water contents into
/// the first output, their terms into the second.
#[inline(always)]
fn diffusion_block<const VECTOR: bool, const N: usize>(
    theta: &[f64],
    inv_ts2: &[f64],
    diffusion: f64,
    (elem_theta, diffusive): (&mut [f64], &mut [f64]),
    e0: usize,
) {
    // Local arrays in and out, which the compiler knows not to overlap.
    let mut lower = [0.0; N];
    let mut upper = [0.0; N];
    let mut inv = [0.0; N];
    lower.copy_from_slice(&theta[e0..e0 + N]);
    upper.copy_from_slice(&theta[e0 + 1..e0 + N + 1]);
    inv.copy_from_slice(&inv_ts2[e0..e0 + N]);
    let mut x = [0.0; N];
    for k in 0..N {
        x[k] = 0.5 * (lower[k] + upper[k]);
    }
    let p = pow_seven_thirds_lanes::<VECTOR, N>(&x);
    let mut out = [0.0; N];
    for k in 0..N {
        out[k] = x[k] * diffusion * (p[k] * inv[k]);
    }
    elem_theta[e0..e0 + N].copy_from_slice(&x);
    diffusive[e0..e0 + N].copy_from_slice(&out);
}

/// `bits / 3` (integer division) by operations that vectorise: a division of a 64-bit integer
/// by a constant compiles to a 128-bit multiplication, which x86 vector units lack. With
/// bits = 2^32 hi + lo and 2^32 = 3 0x5555_5555 + 1, bits = 3 0x5555_5555 hi + (hi + lo), so
/// bits / 3 = 0x5555_5555 hi + floor((hi + lo) / 3): a product of two 32-bit integers (one
/// vector instruction, `vpmuludq`) and the third of an integer below 2^33, exactly representable,
/// whose third is k, k + 1/3 or k + 2/3 and is computed within 2^-19, so that rounding the third
/// minus 1/3 to the nearest integer (by adding 1.5 2^52, whose unit in the last place is 1)
/// gives the floor exactly, read from the bits of the sum (those of 1.5 2^52 plus k). Integers
/// below 2^52 go to doubles through the bits of 2^52 + v. Exact for every `bits` (unit test);
/// half the operations of taking the thirds of hi and of 2^32 (hi mod 3) + lo in floating
/// point, as before. (Subtracting 1.5 2^52 and adding it again before reading the bits, as
/// until the eighth round, gave the same sum, exactly: two operations fewer an element.)
#[inline(always)]
fn third_of(bits: u64) -> u64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    const ROUND: f64 = 6_755_399_441_055_744.0;
    const THIRD: f64 = 1.0 / 3.0;
    let (hi, lo) = (bits >> 32, bits & 0xffff_ffff);
    let sum = f64::from_bits(TWO_52.to_bits() | (hi + lo)) - TWO_52;
    let rounded = (sum * THIRD - THIRD) + ROUND;
    hi * 0x5555_5555 + (rounded.to_bits() - ROUND.to_bits())
}

/// Sub-steps per day of step (1/d) an element asks for, with Darcy flux `q_cm_d`, water content
/// `theta`, effective dispersion `theta_d_cm2_d` (theta D), weighted centrally (grid Peclet
/// number at most 2) or not. Upstream-weighted: Cr <= 1, |v| / dz. Central-weighted: Cr <= 1
/// over at least [`MIN_COURANT_LENGTH_CM`], |v| / max(dz, ...), and Pe Cr <= 2 (Perrochet &
/// Berod 1993), v^2 / (2 D) = q^2 / (2 theta theta D), the larger where the Peclet number over
/// that length exceeds 2; neither asks for more than |v| / dz (there Pe <= 2). `inv_dz_per_cm`
/// and `inv_courant_length_per_cm` are 1 / dz and 1 / max(dz, [`MIN_COURANT_LENGTH_CM`]). One
/// division in every case; 0 for a dry element.
#[inline(always)]
fn substeps_per_day(
    q_cm_d: f64,
    theta: f64,
    theta_d_cm2_d: f64,
    central: bool,
    inv_dz_per_cm: f64,
    inv_courant_length_per_cm: f64,
) -> f64 {
    let q = q_cm_d.abs();
    let (rate, per) = if !central {
        (q * inv_dz_per_cm, theta)
    } else if q > 2.0 * theta_d_cm2_d * inv_courant_length_per_cm {
        (q * q, 2.0 * theta * theta_d_cm2_d)
    } else {
        (q * inv_courant_length_per_cm, theta)
    };
    if theta > 0.0 {
        rate / per
    } else {
        0.0
    }
}

/// The largest of `values` and 0 (NaNs ignored), in four lanes, which vectorise where one running
/// maximum is a chain of dependent comparisons; the maximum does not depend on the order, so the
/// result is the same. Inlined into the step's kernels (so its AVX2 copy takes the maximum in
/// one AVX2 register): out of line it ran in baseline code, and the tortuosity loop, which it
/// once kept from being vectorised when inlined, is now written in local arrays and stays
/// vectorised (docs/performance.md, eighth round).
#[inline(always)]
fn largest(values: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut chunks = values.chunks_exact(4);
    for chunk in &mut chunks {
        for (m, &v) in lanes.iter_mut().zip(chunk) {
            *m = if v > *m { v } else { *m };
        }
    }
    let mut max: f64 = 0.0;
    for &v in lanes.iter().chain(chunks.remainder()) {
        if v > max {
            max = v;
        }
    }
    max
}

/// Advances concentrations `c` (g/L) over one water step. Returns the boundary salt fluxes.
/// On a processor with AVX2 and FMA the step's AVX2 copy runs, with the same results to the
/// bit (see `column::simd`).
pub fn transport_step(
    grid: &Grid,
    soils: &NodeSoils,
    dispersivity_cm: &[f64],
    spec: &TransportSpec,
    flow: &WaterFlow<'_>,
    c: &mut [f64],
    s: &mut TransportScratch,
) -> SaltFluxes {
    #[cfg(target_arch = "x86_64")]
    if super::simd::avx2_fma() {
        // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
        // requirement of calling a function compiled with those target features.
        return unsafe { transport_step_avx2(grid, soils, dispersivity_cm, spec, flow, c, s) };
    }
    transport_step_kernel::<false>(grid, soils, dispersivity_cm, spec, flow, c, s)
}

/// [`transport_step`] in its AVX2 copy with `AVX2` (set by the AVX2 copy of the time step
/// only, which runs only on a processor with AVX2 and FMA), without asking the processor again
/// each step; else [`transport_step`] itself.
#[inline(always)]
pub(crate) fn transport_step_copy<const AVX2: bool>(
    grid: &Grid,
    soils: &NodeSoils,
    dispersivity_cm: &[f64],
    spec: &TransportSpec,
    flow: &WaterFlow<'_>,
    c: &mut [f64],
    s: &mut TransportScratch,
) -> SaltFluxes {
    #[cfg(target_arch = "x86_64")]
    if AVX2 {
        // SAFETY: `AVX2` is set by the time step's AVX2 copy only, which runs only on a
        // processor with AVX2 and FMA.
        return unsafe { transport_step_avx2(grid, soils, dispersivity_cm, spec, flow, c, s) };
    }
    transport_step(grid, soils, dispersivity_cm, spec, flow, c, s)
}

/// [`transport_step`] compiled for AVX2 and FMA; call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn transport_step_avx2(
    grid: &Grid,
    soils: &NodeSoils,
    dispersivity_cm: &[f64],
    spec: &TransportSpec,
    flow: &WaterFlow<'_>,
    c: &mut [f64],
    s: &mut TransportScratch,
) -> SaltFluxes {
    transport_step_kernel::<true>(grid, soils, dispersivity_cm, spec, flow, c, s)
}

/// The body of [`transport_step`], inlined into its plain and its AVX2 copy.
#[inline(always)]
fn transport_step_kernel<const VECTOR: bool>(
    grid: &Grid,
    soils: &NodeSoils,
    dispersivity_cm: &[f64],
    spec: &TransportSpec,
    flow: &WaterFlow<'_>,
    c: &mut [f64],
    s: &mut TransportScratch,
) -> SaltFluxes {
    let n = c.len();
    let ne = n - 1;
    if s.elem_dispersivity_cm.len() != ne {
        let layers = &grid.element_layer[..ne];
        s.elem_dispersivity_cm = layers.iter().map(|&l| dispersivity_cm[l]).collect();
        s.elem_inv_theta_s2 = layers
            .iter()
            .map(|&l| {
                let theta_s = soils.layers[l].theta_s();
                1.0 / (theta_s * theta_s)
            })
            .collect();
        s.elem_inv_courant_length = grid.dz_cm[..ne]
            .iter()
            .map(|&dz| 1.0 / dz.max(MIN_COURANT_LENGTH_CM))
            .collect();
    }
    // Element coefficients: J_e = alpha_e c_e + beta_e c_{e+1} (mg/cm2/d, downward positive),
    // with theta D as in [`theta_dispersion_cm2_d`]. The loops below write arrays of the
    // scratch through helpers that take them as arguments, so that the compiler knows they
    // overlap neither each other nor what the loops read and vectorises them without run-time
    // overlap checks (docs/performance.md, "Overlap checks in transport and step loops").
    let TransportScratch {
        alpha,
        beta,
        flux,
        implicit,
        flux_diag,
        w_base,
        dw,
        w_min,
        elem_dispersivity_cm,
        elem_inv_theta_s2,
        elem_inv_courant_length,
        courant,
        diffusive,
        elem_theta,
        tortuous_diffusion_bits,
        a,
        b,
        c: c_upper,
        work,
        tridiag,
    } = s;
    let theta = &flow.theta[..n];
    let diffusion = spec.molecular_diffusion_cm2_d;
    let tortuous = matches!(spec.tortuosity, Tortuosity::MillingtonQuirk);
    // Molecular diffusion theta D_w tau per element first, in a loop of its own (short, with
    // independent iterations, so that the processor overlaps them).
    let diffusive = &mut diffusive[..ne];
    if diffusion == 0.0 {
        element_means(theta, &mut elem_theta[..ne]);
        diffusive.fill(0.0);
        *tortuous_diffusion_bits = None;
    } else if tortuous {
        // The terms of the previous step are kept where the element's mean water content has
        // the same bits (elements at the bottom, below the water table: some 26 of 151 a step in
        // the benchmark year), if they were made with the same D_w.
        let known = *tortuous_diffusion_bits == Some(diffusion.to_bits());
        let inv_ts2 = &elem_inv_theta_s2[..ne];
        let elem_theta = &mut elem_theta[..ne];
        tortuous_diffusion_reusing::<VECTOR>(
            theta, inv_ts2, diffusion, known, elem_theta, diffusive,
        );
        *tortuous_diffusion_bits = Some(diffusion.to_bits());
    } else {
        element_means(theta, &mut elem_theta[..ne]);
        plain_diffusion(&elem_theta[..ne], diffusion, diffusive);
        *tortuous_diffusion_bits = None;
    }
    let elements = ElementTerms {
        theta_e: &elem_theta[..ne],
        q_elem: &flow.q_elem[..ne],
        lambda: &elem_dispersivity_cm[..ne],
        diffusive,
        dz: &grid.dz_cm[..ne],
        inv_dz: &grid.inv_dz_cm[..ne],
        inv_courant_length: &elem_inv_courant_length[..ne],
    };
    elements.fill(&mut alpha[..ne], &mut beta[..ne], &mut courant[..ne]);
    let max_velocity_per_dz = largest(&courant[..ne]);
    let max_courant = max_velocity_per_dz * flow.dt_d;
    let substeps = ((max_courant / MAX_COURANT).ceil() as usize).clamp(1, 10_000);
    let dt = flow.dt_d / substeps as f64;
    let inv_dt = 1.0 / dt;
    let q_bot = flow.q_bottom_cm_d;
    let (gamma, delta) = if q_bot >= 0.0 {
        (q_bot, 0.0)
    } else {
        (0.0, q_bot * flow.bottom_inflow_salt_g_l)
    };
    let last = n - 1;
    storage_and_change(
        (&flow.w_old[..n], &flow.w_new[..n]),
        &mut dw[..n],
        &mut w_min[..n],
    );
    // The storage at the start without a separate pond: `w_old` itself where there is none
    // (w - (+0) is w, every bit), else a copy with the pond taken off the surface node.
    let w_old: &[f64] = if flow.pond_cm.0.to_bits() == 0 {
        &flow.w_old[..n]
    } else {
        let w_base = &mut w_base[..n];
        w_base.copy_from_slice(&flow.w_old[..n]);
        w_base[0] -= flow.pond_cm.0;
        w_base
    };
    dw[0] -= flow.pond_cm.1 - flow.pond_cm.0;
    w_min[0] = w_old[0].min(w_old[0] + dw[0]);
    let dw = &dw[..n];
    // Weight of the new level in each element's flux: Crank-Nicolson, or backward Euler where
    // the element's diffusion number (alpha - beta) dt / (2 W), W the smaller storage of its two
    // nodes at either end of the step, exceeds [`STIFF_DIFFUSION_NUMBER`]. The implicit flux
    // terms are the same for every sub-step: the off-diagonals (in the same loop), and the flux
    // part of each diagonal, to which each sub-step adds its storage term.
    let (alpha, beta) = (&alpha[..ne], &beta[..ne]);
    implicit_weights(
        &w_min[..n],
        (alpha, beta),
        dt,
        &mut implicit[..ne],
        &mut a[..n],
        &mut c_upper[..n],
    );
    a[0] = 0.0;
    c_upper[last] = 0.0;
    let flux_diag = &mut flux_diag[..n];
    implicit_flux_diagonal(&a[..n], &c_upper[..n], gamma, flux_diag);
    let flux_diag = &flux_diag[..n];
    let implicit = &implicit[..ne];
    let mut fluxes = SaltFluxes::default();
    for k in 0..substeps {
        let f0 = k as f64 / substeps as f64;
        let f1 = (k + 1) as f64 / substeps as f64;
        // Old-level parts of the element fluxes, (1 - weight) (alpha_e c_e + beta_e c_{e+1}).
        let flux = &mut flux[..ne];
        old_level_fluxes(implicit, alpha, beta, c, flux);
        // The right-hand side replaces c in place (node i's reads only c[i] now): the old
        // storage term plus the divergence of the old-level fluxes (each element's flux leaves
        // its upper node and enters its lower one); the solve then leaves the new c there.
        let c_bottom_old = c[last];
        new_level_diagonal(w_old, dw, f1, inv_dt, flux_diag, &mut b[..n]);
        old_level_right_side(w_old, dw, f0, inv_dt, flux, c);
        c[0] += flow.salt_in_top_mg_cm2_d;
        c[last] -= delta + (1.0 - EPSILON) * gamma * c_bottom_old;
        solve_tridiagonal_in(
            a.as_slice(),
            b.as_slice(),
            c_upper.as_slice(),
            c,
            work,
            tridiag,
        );
        fluxes.in_top += flow.salt_in_top_mg_cm2_d * dt;
        if q_bot >= 0.0 {
            fluxes.out_bottom += gamma * (EPSILON * c[last] + (1.0 - EPSILON) * c_bottom_old) * dt;
        } else {
            fluxes.in_bottom += -delta * dt;
        }
    }
    fluxes
}

/// What the element coefficients of a transport step are computed from (per element unless
/// said otherwise).
struct ElementTerms<'a> {
    /// Mean water content of the element's two nodes at the end of the water step.
    theta_e: &'a [f64],
    /// Darcy flux (cm/d, downward positive).
    q_elem: &'a [f64],
    /// Dispersivity (cm).
    lambda: &'a [f64],
    /// Molecular diffusion theta D_w tau (cm2/d).
    diffusive: &'a [f64],
    /// Length dz (cm) and 1 / dz (1/cm).
    dz: &'a [f64],
    inv_dz: &'a [f64],
    /// 1 / max(dz, [`MIN_COURANT_LENGTH_CM`]) (1/cm).
    inv_courant_length: &'a [f64],
}

impl ElementTerms<'_> {
    /// The element flux coefficients J_e = alpha_e c_e + beta_e c_{e+1} (Patankar 1980, hybrid
    /// scheme: central weighting where the grid Peclet number |q| dz / (theta D) is at most 2,
    /// upstream weighting otherwise) with theta D = lambda |q| + theta D_w tau (Bear 1972), and
    /// the sub-steps per day each element asks for ([`substeps_per_day`]). The outputs are
    /// arguments so that the compiler knows they overlap nothing the loop reads (no run-time
    /// overlap checks around the vectorised loop).
    #[inline(always)]
    fn fill(&self, alpha: &mut [f64], beta: &mut [f64], courant: &mut [f64]) {
        let ne = self.q_elem.len();
        let (theta_e, q_elem) = (&self.theta_e[..ne], &self.q_elem[..ne]);
        let (lambda, diffusive) = (&self.lambda[..ne], &self.diffusive[..ne]);
        let (dz, inv_dz) = (&self.dz[..ne], &self.inv_dz[..ne]);
        let inv_courant_length = &self.inv_courant_length[..ne];
        let (alpha, beta, courant) = (&mut alpha[..ne], &mut beta[..ne], &mut courant[..ne]);
        for e in 0..ne {
            let q = q_elem[e];
            let td = lambda[e] * q.abs() + diffusive[e];
            let g = td * inv_dz[e];
            // Grid Peclet number |q| dz / (theta D) at most 2: central weighting. Both tests
            // taken (`&`, not `&&`): a short cut made the load of dz a masked one.
            let central = (td > 0.0) & (q.abs() * dz[e] <= 2.0 * td);
            let upstream_weight = if central { 0.5 } else { 1.0 };
            if q >= 0.0 {
                alpha[e] = q * upstream_weight + g;
                beta[e] = q * (1.0 - upstream_weight) - g;
            } else {
                alpha[e] = q * (1.0 - upstream_weight) + g;
                beta[e] = q * upstream_weight - g;
            }
            courant[e] =
                substeps_per_day(q, theta_e[e], td, central, inv_dz[e], inv_courant_length[e]);
        }
    }
}

/// The change of storage per node over the water step (`dw = w_new - w_old`) and the smaller
/// of the two ends (`w_min`, min(w_old, w_old + dw), for [`implicit_weights`]), outputs as
/// arguments (no overlap checks).
#[inline(always)]
fn storage_and_change((w_old, w_new): (&[f64], &[f64]), dw: &mut [f64], w_min: &mut [f64]) {
    let n = dw.len();
    let (w_old, w_new, w_min) = (&w_old[..n], &w_new[..n], &mut w_min[..n]);
    for i in 0..n {
        let (w0, d) = (w_old[i], w_new[i] - w_old[i]);
        dw[i] = d;
        w_min[i] = w0.min(w0 + d);
    }
}

/// Weight of the new level in each element's flux (`implicit`: 1 where the element's diffusion
/// number (alpha - beta) dt / (2 W), W the smaller storage of its two nodes at either end of
/// the step, exceeds [`STIFF_DIFFUSION_NUMBER`], else [`EPSILON`]; Osterby 2003) and the
/// implicit off-diagonals `lower[e + 1] = -weight alpha_e`, `upper[e] = weight beta_e`, from
/// each node's smaller storage at the two ends of the step (`w_min`; W = min(w_min[e],
/// w_min[e + 1]), the minimum of the same four storages as min(w_start, w_end), a minimum
/// not depending on their grouping, NaNs ignored by `f64::min` in any grouping) and the flux
/// coefficients (`coefficients`, alpha and beta). Outputs as arguments (no overlap checks).
#[inline(always)]
fn implicit_weights(
    w_min: &[f64],
    coefficients: (&[f64], &[f64]),
    dt: f64,
    implicit: &mut [f64],
    lower: &mut [f64],
    upper: &mut [f64],
) {
    let ne = implicit.len();
    let w_min = &w_min[..ne + 1];
    let (alpha, beta) = (&coefficients.0[..ne], &coefficients.1[..ne]);
    let (lower, upper) = (&mut lower[..ne + 1], &mut upper[..ne]);
    for e in 0..ne {
        let coupling = (alpha[e] - beta[e]) * dt;
        let weight = if coupling > 2.0 * STIFF_DIFFUSION_NUMBER * w_min[e].min(w_min[e + 1]) {
            1.0
        } else {
            EPSILON
        };
        implicit[e] = weight;
        lower[e + 1] = -weight * alpha[e];
        upper[e] = weight * beta[e];
    }
}

/// The flux part of each node's diagonal, weight_i alpha_i - weight_{i-1} beta_{i-1}, the
/// first term being -lower[i+1] and the second upper[i-1] to the bit (a negation is exact),
/// and at the bottom node the implicit part of the outflow `gamma`. Output as an argument.
#[inline(always)]
fn implicit_flux_diagonal(lower: &[f64], upper: &[f64], gamma: f64, flux_diag: &mut [f64]) {
    let n = flux_diag.len();
    let (lower, upper) = (&lower[..n], &upper[..n]);
    let ne = n - 1;
    flux_diag[0] = -lower[1];
    for i in 1..ne {
        flux_diag[i] = -lower[i + 1] - upper[i - 1];
    }
    flux_diag[ne] = EPSILON * gamma - upper[ne - 1];
}

/// Molecular diffusion theta D_w per element without tortuosity, `theta_e` the mean of the
/// element's two nodes, into `diffusive` (an argument: no overlap checks).
#[inline(always)]
fn plain_diffusion(theta_e: &[f64], diffusion: f64, diffusive: &mut [f64]) {
    let ne = diffusive.len();
    let theta_e = &theta_e[..ne];
    for e in 0..ne {
        diffusive[e] = theta_e[e] * diffusion;
    }
}

/// The mean water content 0.5 (theta[e] + theta[e + 1]) of each element's two nodes into
/// `theta_e` (the tortuosity's blocks make them on their way where it is computed).
#[inline(always)]
fn element_means(theta: &[f64], theta_e: &mut [f64]) {
    let ne = theta_e.len();
    let theta = &theta[..ne + 1];
    for e in 0..ne {
        theta_e[e] = 0.5 * (theta[e] + theta[e + 1]);
    }
}

/// The right-hand side of a sub-step in place of the concentrations `c` (node i's reads only
/// c[i]): the storage term at the sub-step's start, (w_old[i] + f0 dw[i]) inv_dt c[i], plus
/// the divergence of the old-level element fluxes `flux` (each leaves its upper node and
/// enters its lower one). `c` is an argument: no overlap checks.
#[inline(always)]
fn old_level_right_side(
    w_old: &[f64],
    dw: &[f64],
    f0: f64,
    inv_dt: f64,
    flux: &[f64],
    c: &mut [f64],
) {
    let n = c.len();
    let ne = n - 1;
    let (w_old, dw, flux) = (&w_old[..n], &dw[..n], &flux[..ne]);
    let storage = |i: usize, c: f64| (w_old[i] + f0 * dw[i]) * inv_dt * c;
    c[0] = storage(0, c[0]) - flux[0];
    for i in 1..ne {
        c[i] = storage(i, c[i]) + (flux[i - 1] - flux[i]);
    }
    c[ne] = storage(ne, c[ne]) + flux[ne - 1];
}

/// Old-level parts of the element fluxes of a sub-step,
/// `flux[e] = (1 - implicit[e]) (alpha_e c_e + beta_e c_{e+1})`. Output as an argument.
#[inline(always)]
fn old_level_fluxes(implicit: &[f64], alpha: &[f64], beta: &[f64], c: &[f64], flux: &mut [f64]) {
    let ne = flux.len();
    let (implicit, alpha, beta, c) = (&implicit[..ne], &alpha[..ne], &beta[..ne], &c[..ne + 1]);
    for e in 0..ne {
        flux[e] = (1.0 - implicit[e]) * (alpha[e] * c[e] + beta[e] * c[e + 1]);
    }
}

/// Diagonal of a sub-step's system: the storage at its end over its length plus the implicit
/// flux part, `b[i] = (w_old[i] + f1 dw[i]) inv_dt + flux_diag[i]`. Output as an argument.
#[inline(always)]
fn new_level_diagonal(
    w_old: &[f64],
    dw: &[f64],
    f1: f64,
    inv_dt: f64,
    flux_diag: &[f64],
    b: &mut [f64],
) {
    let n = b.len();
    let (w_old, dw, flux_diag) = (&w_old[..n], &dw[..n], &flux_diag[..n]);
    for i in 0..n {
        let w1 = w_old[i] + f1 * dw[i];
        b[i] = w1 * inv_dt + flux_diag[i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::simd::{avx2_fma, fixture};

    /// Reference: the salt budget, sum of W c at the end minus at the start = salt in at the
    /// surface + in at the bottom - out at the bottom, which the scheme closes to round-off
    /// (every element's flux leaves one node and enters the next), tolerance 1e-12 relative of
    /// the salt in the column, on a 0.1 d step of infiltration at 0.5 cm/d of 2 g/L water into
    /// the fixture's column (several Courant sub-steps near the surface). Where the processor
    /// has AVX2 and FMA, the AVX2 copy gives the plain copy's bits.
    #[test]
    fn transport_step_plain_and_avx2_copies_agree_to_the_bit() {
        let (grid, soils) = fixture::column();
        let h = fixture::heads(&grid);
        let n = h.len();
        let dt_d = 0.1;
        let q_top = 0.5;
        let q_elem: Vec<f64> = (0..n - 1)
            .map(|e| q_top * (-0.01 * grid.z_cm[e + 1]).exp())
            .collect();
        let q_bottom = q_elem[n - 2];
        let w_old: Vec<f64> = (0..n).map(|i| soils.storage_cm(i, h[i])).collect();
        let w_new: Vec<f64> = (0..n)
            .map(|i| {
                let q_in = if i == 0 { q_top } else { q_elem[i - 1] };
                let q_out = if i == n - 1 { q_bottom } else { q_elem[i] };
                w_old[i] + dt_d * (q_in - q_out)
            })
            .collect();
        let theta: Vec<f64> = (0..n).map(|i| w_new[i] / grid.volume(i)).collect();
        let flow = WaterFlow {
            w_old: &w_old,
            w_new: &w_new,
            pond_cm: (0.0, 0.0),
            theta: &theta,
            q_elem: &q_elem,
            salt_in_top_mg_cm2_d: q_top * 2.0,
            q_bottom_cm_d: q_bottom,
            bottom_inflow_salt_g_l: 30.0,
            dt_d,
        };
        let spec = TransportSpec {
            molecular_diffusion_cm2_d: 1.0,
            tortuosity: Tortuosity::MillingtonQuirk,
        };
        let dispersivity_cm = [5.0, 10.0];
        let c_old: Vec<f64> = grid.z_cm.iter().map(|&z| 5.0 + 0.1 * z).collect();
        let mut c_plain = c_old.clone();
        let mut scratch = TransportScratch::new(n);
        let f = transport_step_kernel::<false>(
            &grid,
            &soils,
            &dispersivity_cm,
            &spec,
            &flow,
            &mut c_plain,
            &mut scratch,
        );
        let salt = |w: &[f64], c: &[f64]| -> f64 { w.iter().zip(c).map(|(w, c)| w * c).sum() };
        let (before, after) = (salt(&w_old, &c_old), salt(&w_new, &c_plain));
        let booked = f.in_top + f.in_bottom - f.out_bottom;
        let error = (after - before - booked).abs() / before;
        assert!(error < 1e-12, "salt budget off by {error:.2e}");
        assert!(f.in_top > 0.0 && f.out_bottom > 0.0 && c_plain != c_old);
        if avx2_fma() {
            #[cfg(target_arch = "x86_64")]
            {
                let mut c_avx2 = c_old.clone();
                let mut scratch = TransportScratch::new(n);
                // SAFETY: the processor has AVX2 and FMA (checked above).
                let g = unsafe {
                    transport_step_avx2(
                        &grid,
                        &soils,
                        &dispersivity_cm,
                        &spec,
                        &flow,
                        &mut c_avx2,
                        &mut scratch,
                    )
                };
                for i in 0..n {
                    assert_eq!(c_avx2[i].to_bits(), c_plain[i].to_bits(), "node {i}");
                }
                for (a, b) in [
                    (g.in_top, f.in_top),
                    (g.in_bottom, f.in_bottom),
                    (g.out_bottom, f.out_bottom),
                ] {
                    assert_eq!(a.to_bits(), b.to_bits());
                }
            }
        }
    }

    /// Reference: `f64::powf` with the exponent 7/3 rounded to a double (itself up to 1.5e-15
    /// relative from x^(7/3) at x = 1e-6); tolerance 4e-15 relative, for water contents from
    /// 1e-6 to 1.
    /// Reference: integer division by 3, exactly, for the small integers, the ends of the
    /// 32-bit halves, every bit pattern of a double's exponent with random mantissas, and a
    /// million random 64-bit integers.
    /// Reference: the rules worked by hand for q = 0.5 cm/d, theta = 0.2 on a 0.05 cm element
    /// (v = 2.5 cm/d): dispersivity 10 cm (theta D = 5, Pe = 0.005, central) asks for Cr <= 1
    /// over 0.5 cm, 2.5 / 0.5 = 5 sub-steps a day; dispersivity 0.05 cm (theta D = 0.025,
    /// Pe = 1, central) asks for Pe Cr <= 2, Cr <= 2, 2.5 / (2 x 0.05) = 25 a day; dispersivity
    /// 0.01 cm (Pe = 5, upstream) for Cr <= 1 on the element, 2.5 / 0.05 = 50 a day; a 2 cm
    /// element with dispersivity 10 cm 2.5 / 2 = 1.25; a dry element none. Tolerance 1e-12
    /// relative.
    #[test]
    fn substeps_follow_the_courant_and_peclet_courant_bounds() {
        let (q, theta, dz) = (0.5, 0.2, 0.05);
        let inv_len = 1.0 / f64::max(dz, MIN_COURANT_LENGTH_CM);
        for (lambda, want) in [(10.0, 5.0), (0.05, 25.0), (0.01, 50.0)] {
            let td = lambda * q;
            let central = q * dz <= 2.0 * td;
            let got = substeps_per_day(q, theta, td, central, 1.0 / dz, inv_len);
            assert!(
                ((got - want) / want).abs() < 1e-12,
                "{lambda}: {got} vs {want}"
            );
            let reversed = substeps_per_day(-q, theta, td, central, 1.0 / dz, inv_len);
            assert_eq!(reversed, got);
        }
        let got = substeps_per_day(q, theta, 5.0, true, 0.5, 0.5);
        assert!((got - 1.25).abs() < 1e-12);
        assert_eq!(substeps_per_day(q, 0.0, 5.0, true, 1.0 / dz, inv_len), 0.0);
    }

    /// Reference: [`pow_seven_thirds`] one value at a time (itself held to `powf` above), bit for
    /// bit, for the lanes in both copies (integer and floating-point division of the bits by 3),
    /// with zero, negative and NaN lanes among them; and the tortuosity term per element,
    /// theta_e D_w (theta_e^(7/3) / theta_s^2) with theta_e the mean of the element's nodes,
    /// bit for bit for columns shorter than a block, of one block, and of blocks and a rest (the
    /// blocks of 24 and of 8 elements, the last one shifted back).
    #[test]
    fn lanes_of_seven_thirds_power_give_the_one_at_a_time_bits() {
        let mut seed = 77u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for round in 0..200 {
            let mut x = [0.0; POW_LANES];
            for v in x.iter_mut() {
                *v = 1e-4 + next();
            }
            if round % 2 == 0 {
                x[round % POW_LANES] = 0.0;
                x[(round + 3) % POW_LANES] = -0.25;
                x[(round + 7) % POW_LANES] = f64::NAN;
            }
            let short: [f64; POW_TAIL_LANES] = std::array::from_fn(|k| x[k]);
            let plain = pow_seven_thirds_lanes::<false, POW_LANES>(&x);
            let vector = pow_seven_thirds_lanes::<true, POW_LANES>(&x);
            let (plain_short, vector_short) = (
                pow_seven_thirds_lanes::<false, POW_TAIL_LANES>(&short),
                pow_seven_thirds_lanes::<true, POW_TAIL_LANES>(&short),
            );
            for k in 0..POW_LANES {
                let one = pow_seven_thirds::<false>(x[k]);
                assert_eq!(plain[k].to_bits(), one.to_bits(), "{}", x[k]);
                assert_eq!(vector[k].to_bits(), one.to_bits(), "{}", x[k]);
                if k < POW_TAIL_LANES {
                    assert_eq!(plain_short[k].to_bits(), one.to_bits(), "{}", x[k]);
                    assert_eq!(vector_short[k].to_bits(), one.to_bits(), "{}", x[k]);
                }
            }
        }
        let diffusion = 1.3;
        for ne in [
            1,
            5,
            7,
            8,
            9,
            17,
            23,
            24,
            25,
            31,
            32,
            33,
            3 * POW_LANES + 7,
            151,
        ] {
            let theta: Vec<f64> = (0..=ne).map(|_| 0.05 + 0.4 * next()).collect();
            let inv_ts2: Vec<f64> = (0..ne)
                .map(|_| 1.0 / (0.35 + 0.1 * next()).powi(2))
                .collect();
            let mut plain = vec![0.0; ne];
            let mut vector = vec![0.0; ne];
            tortuous_diffusion::<false>(&theta, &inv_ts2, diffusion, &mut plain);
            tortuous_diffusion::<true>(&theta, &inv_ts2, diffusion, &mut vector);
            for e in 0..ne {
                let theta_e = 0.5 * (theta[e] + theta[e + 1]);
                let one = theta_e * diffusion * (pow_seven_thirds::<false>(theta_e) * inv_ts2[e]);
                assert_eq!(plain[e].to_bits(), one.to_bits(), "{ne} elements, {e}");
                assert_eq!(vector[e].to_bits(), one.to_bits(), "{ne} elements, {e}");
            }
        }
    }

    /// Reference: [`tortuous_diffusion`] (every element computed afresh, itself held to the
    /// one-at-a-time terms above), bit for bit, after a first call and a second with new water
    /// contents changed from a node down (none, only the top node, the middle, the last nodes,
    /// all of them; columns of 5, 31 and 151 elements), in both copies; and a node changed to
    /// -0 from +0, which must not be taken for the same.
    #[test]
    fn tortuosity_terms_kept_below_the_last_change_are_the_fresh_bits() {
        let mut seed = 4242u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let diffusion = 0.9;
        for ne in [5, 31, 151] {
            let inv_ts2: Vec<f64> = (0..ne)
                .map(|_| 1.0 / (0.35 + 0.1 * next()).powi(2))
                .collect();
            let first: Vec<f64> = (0..=ne).map(|_| 0.05 + 0.4 * next()).collect();
            for last_changed in [None, Some(0), Some(ne / 2), Some(ne - 1), Some(ne)] {
                let mut theta = first.clone();
                if let Some(last) = last_changed {
                    for t in &mut theta[..=last] {
                        *t += 1e-3 * next();
                    }
                }
                let mut fresh = vec![0.0; ne];
                tortuous_diffusion::<false>(&theta, &inv_ts2, diffusion, &mut fresh);
                for vector in [false, true] {
                    let mut elem_theta = vec![0.0; ne];
                    let mut kept = vec![0.0; ne];
                    let mut run = |theta: &[f64], known: bool, kept: &mut [f64]| {
                        if vector {
                            tortuous_diffusion_reusing::<true>(
                                theta,
                                &inv_ts2,
                                diffusion,
                                known,
                                &mut elem_theta,
                                kept,
                            );
                        } else {
                            tortuous_diffusion_reusing::<false>(
                                theta,
                                &inv_ts2,
                                diffusion,
                                known,
                                &mut elem_theta,
                                kept,
                            );
                        }
                    };
                    run(&first, false, &mut kept);
                    run(&theta, true, &mut kept);
                    for e in 0..ne {
                        assert_eq!(kept[e].to_bits(), fresh[e].to_bits(), "{ne}: {e}");
                    }
                }
            }
        }
        // A mean of +0 after one of -0 (bits differ): computed afresh, not kept.
        let theta = [0.2, 0.0, 0.0];
        let mut elem_theta = vec![0.0; 2];
        let mut kept = vec![0.0; 2];
        tortuous_diffusion_reusing::<false>(
            &theta,
            &[4.0; 2],
            1.0,
            false,
            &mut elem_theta,
            &mut kept,
        );
        elem_theta[1] = -0.0;
        kept[1] = f64::NAN;
        tortuous_diffusion_reusing::<false>(
            &theta,
            &[4.0; 2],
            1.0,
            true,
            &mut elem_theta,
            &mut kept,
        );
        assert_eq!(kept[1].to_bits(), 0.0f64.to_bits());
    }

    #[test]
    fn third_of_is_integer_division_by_three() {
        let mut seed = 2024u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        let mut cases: Vec<u64> = (0..100).collect();
        for hi in [0u64, 1, 2, 3, 4, 5, 0x7fff_ffff, 0xffff_fffe, 0xffff_ffff] {
            for lo in [0u64, 1, 2, 3, 0xffff_fffd, 0xffff_fffe, 0xffff_ffff] {
                cases.push(hi << 32 | lo);
            }
        }
        for exponent in 0..4096u64 {
            cases.push(exponent << 52 | (next() >> 12));
        }
        cases.extend((0..1_000_000).map(|_| next()));
        for b in cases {
            assert_eq!(third_of(b), b / 3, "{b:#x}");
        }
    }

    #[test]
    fn seven_thirds_power_matches_powf() {
        let mut x = 1e-6;
        while x <= 1.0 {
            let (got, want) = (pow_seven_thirds::<false>(x), x.powf(7.0 / 3.0));
            assert_eq!(pow_seven_thirds::<true>(x).to_bits(), got.to_bits());
            assert!(((got - want) / want).abs() < 4e-15, "{x}: {got} vs {want}");
            x *= 1.0003;
        }
        assert_eq!(pow_seven_thirds::<false>(0.0), 0.0);
        assert_eq!(pow_seven_thirds::<false>(-0.1), 0.0);
        assert_eq!(pow_seven_thirds::<true>(0.0), 0.0);
    }
}
