//! One implicit time step of the mixed-form Richards equation, by the modified Picard iteration
//! of Celia, Bouloutas & Zarba (1990) or by Newton's method on the same discrete equations.
//!
//! Node balance (finite volumes on the mass-lumped linear finite-element grid):
//!
//! (W_i^{n+1,m+1} - W_i^n) / dt = q_{i-1/2} - q_{i+1/2} - S_i,
//!
//! with W the water stored in the node's control volume, linearised as
//! W^{m+1} = W^m + C^m (h^{m+1} - h^m) (Celia et al. 1990, eq. 14), and the downward Darcy flux
//! q_{e} = K_e (1 - (h_{e+1} - h_e) / dz_e) with K_e the integral mean of K over the element's
//! head range (see [`crate::soil::mean_conductivity`]). Modified Picard lags the conductivities
//! one iteration; Newton adds their derivatives to the matrix (Paniconi & Putti 1994), which
//! takes two or three iterations a step where Picard takes four to six. The sink is evaluated
//! before the step, or on the fast path with its water stress at each iterate
//! ([`IterateUptake`]). Because the storage term is written in theta, not in C dh/dt, and the
//! fluxes booked are those of the last linear system, mass is conserved at convergence whatever
//! the time step (Celia et al. 1990).

use super::grid::Grid;
use super::nodes::{NodeSoils, NodeStates};
use super::simd::lane_mask;
use super::spec::Feddes;
use super::uptake::FeddesLines;
use crate::linalg::tridiag::{solve_tridiagonal_in, TridiagWork};

/// The water-flow condition at the surface during one iteration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TopCondition {
    /// Prescribed flux into the soil (cm/d, positive downward).
    Flux(f64),
    /// Prescribed pressure head (cm).
    Head(f64),
}

/// The water-flow condition at the bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BottomCondition {
    /// Outflow K(h) (unit gradient).
    FreeDrainage,
    /// Prescribed head (cm).
    Head(f64),
    /// No flow.
    ZeroFlux,
}

/// Convergence tolerances of the Picard iteration.
#[derive(Clone, Copy, Debug)]
pub struct Tolerances {
    /// Largest change of water content between iterations (cm3/cm3).
    pub theta: f64,
    /// Largest change of head between iterations where the node is saturated (cm).
    pub head_cm: f64,
    /// Iterations allowed before the step is retried with a smaller dt.
    pub max_iterations: u32,
    /// Shortest length of soil (cm) whose water the `theta` tolerance is applied to: a node
    /// whose control volume is shorter converges to `theta` times this length of water, not
    /// times its own sub-mm volume (0: every node to its own volume). The storage
    /// linearisation check, which guards the mass balance, stays per node.
    pub theta_length_cm: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        // HYDRUS-1D's defaults are 0.001 and 1 cm; ours are tighter so that the mass balance
        // and the fluxes are converged to well under the 0.1 % the tests demand.
        Tolerances {
            theta: 1e-5,
            head_cm: 0.01,
            max_iterations: 25,
            theta_length_cm: 0.0,
        }
    }
}

/// Working arrays of the flow step, kept between steps to avoid allocation.
#[derive(Clone, Debug, Default)]
pub struct FlowScratch {
    pub(crate) h_iter: Vec<f64>,
    /// The iterate before `h_iter`: the heads the last linear system was built at.
    pub(crate) h_prev: Vec<f64>,
    /// Whether the last iteration was a Newton one (the fluxes then include its terms).
    pub(crate) newton: bool,
    /// Whether the current-iterate arrays (`w_iter`, `cap`, potentials, conductivities) hold
    /// the state at `h_iter` (true after an accepted iterate).
    pub(crate) state_at_h_iter: bool,
    /// Contraction of the last Newton solve from a predictor that took two iterations or
    /// more: its second update over its first, both relative to the tolerances (NaN before
    /// the first such solve).
    pub(crate) contraction: f64,
    /// Least storage each node can hold, at residual water content (cm; filled on first use).
    pub(crate) least_storage: Vec<f64>,
    /// Storage per node that an accepted iterate of the fast path books (cm), see
    /// `book_linearised_storage`.
    pub(crate) w_linearised: Vec<f64>,
    /// Largest relative change of the last measured iteration (see `contraction`).
    pub(crate) previous_change_all: f64,
    /// The last contraction estimate of a first iterate, max(contraction, floor)^0.8, and the
    /// bits of the max it was taken of ([`FlowScratch::first_iterate_rate`]).
    pub(crate) first_rate_memo: (u64, f64),
    pub(crate) w_iter: Vec<f64>,
    pub(crate) cap: Vec<f64>,
    pub(crate) phi_up: Vec<f64>,
    pub(crate) phi_down: Vec<f64>,
    pub(crate) w_next: Vec<f64>,
    pub(crate) cap_next: Vec<f64>,
    pub(crate) phi_up_next: Vec<f64>,
    pub(crate) phi_down_next: Vec<f64>,
    pub(crate) k_up: Vec<f64>,
    pub(crate) k_down: Vec<f64>,
    pub(crate) k_up_next: Vec<f64>,
    pub(crate) k_down_next: Vec<f64>,
    pub(crate) k_bottom: f64,
    pub(crate) dk_bottom: f64,
    pub(crate) k_elem: Vec<f64>,
    pub(crate) dk_elem_a: Vec<f64>,
    pub(crate) dk_elem_b: Vec<f64>,
    /// Elements whose conductivity the first pass of `element_conductivities` leaves to its
    /// second: 1 for such an element, 0 otherwise (a word per element, which the vectorised
    /// pass stores from its comparison masks without packing them into bytes).
    pub(crate) irregular_elements: Vec<u64>,
    /// Root water uptake per node at the current iterate (cm/d) and its slope in h (1/d).
    pub(crate) sink: Vec<f64>,
    pub(crate) dsink: Vec<f64>,
    pub(crate) a: Vec<f64>,
    pub(crate) b: Vec<f64>,
    pub(crate) c: Vec<f64>,
    pub(crate) d: Vec<f64>,
    pub(crate) work: Vec<f64>,
    pub(crate) index: Vec<usize>,
    /// Working arrays of the solve.
    pub(crate) tridiag: TridiagWork,
}

impl FlowScratch {
    /// Arrays for `n` nodes.
    pub fn new(n: usize) -> FlowScratch {
        FlowScratch {
            h_iter: vec![0.0; n],
            h_prev: vec![0.0; n],
            newton: false,
            state_at_h_iter: false,
            contraction: f64::NAN,
            previous_change_all: 0.0,
            first_rate_memo: (f64::NAN.to_bits(), f64::NAN),
            w_iter: vec![0.0; n],
            cap: vec![0.0; n],
            phi_up: vec![0.0; n],
            phi_down: vec![0.0; n],
            w_next: vec![0.0; n],
            w_linearised: vec![0.0; n],
            least_storage: Vec::new(),
            cap_next: vec![0.0; n],
            phi_up_next: vec![0.0; n],
            phi_down_next: vec![0.0; n],
            k_up: vec![0.0; n],
            k_down: vec![0.0; n],
            k_up_next: vec![0.0; n],
            k_down_next: vec![0.0; n],
            k_bottom: 0.0,
            dk_bottom: 0.0,
            k_elem: vec![0.0; n.saturating_sub(1)],
            dk_elem_a: vec![0.0; n.saturating_sub(1)],
            dk_elem_b: vec![0.0; n.saturating_sub(1)],
            irregular_elements: vec![0; n.saturating_sub(1)],
            sink: vec![0.0; n],
            dsink: vec![0.0; n],
            a: vec![0.0; n],
            b: vec![0.0; n],
            c: vec![0.0; n],
            d: vec![0.0; n],
            work: vec![0.0; n],
            index: vec![0; n],
            tridiag: TridiagWork::default(),
        }
    }
}

impl FlowScratch {
    /// The contraction estimate of a Newton solve's first iterate from a predictor,
    /// max(`contraction`, [`FIRST_ITERATE_RATE_FLOOR`])^0.8. `powf` is a library call (0.4 %
    /// of a benchmark column-year, one a step), and the contraction changes only in steps
    /// that take a second iterate, so the last result is kept with the bits of its argument
    /// and reused while they are the same: the same number.
    fn first_iterate_rate(&mut self) -> f64 {
        let x = self.contraction.max(FIRST_ITERATE_RATE_FLOOR);
        if x.to_bits() != self.first_rate_memo.0 {
            self.first_rate_memo = (x.to_bits(), x.powf(0.8));
        }
        self.first_rate_memo.1
    }
}

/// Evaluates storage, capacity and Kirchhoff potentials of every node at heads `h` into the
/// current-iterate arrays of `s`.
pub fn evaluate_nodes(soils: &NodeSoils, h: &[f64], s: &mut FlowScratch) {
    evaluate_nodes_range(soils, h, 0..h.len(), s);
}

/// As [`evaluate_nodes`], at the nodes of `nodes` only (`h` holds every node's head); the
/// other nodes' entries of the current-iterate arrays are left as they are.
fn evaluate_nodes_range(
    soils: &NodeSoils,
    h: &[f64],
    nodes: std::ops::Range<usize>,
    s: &mut FlowScratch,
) {
    soils.evaluate_range(
        h,
        nodes,
        NodeStates {
            storage_cm: &mut s.w_iter,
            capacity: &mut s.cap,
            phi_above: &mut s.phi_up,
            phi_below: &mut s.phi_down,
            k_above: &mut s.k_up,
            k_below: &mut s.k_down,
            work: &mut s.work,
            index: &mut s.index,
        },
    );
}

/// As [`evaluate_nodes`], into the next-iterate arrays of `s` at the heads in `s.d`.
fn evaluate_next(soils: &NodeSoils, s: &mut FlowScratch) {
    soils.evaluate_all(
        &s.d,
        NodeStates {
            storage_cm: &mut s.w_next,
            capacity: &mut s.cap_next,
            phi_above: &mut s.phi_up_next,
            phi_below: &mut s.phi_down_next,
            k_above: &mut s.k_up_next,
            k_below: &mut s.k_down_next,
            work: &mut s.work,
            index: &mut s.index,
        },
    );
}

/// The nodes from the first to the last at which heads `a` and `b` differ (compared bit by
/// bit), an empty range at 0 if none does.
#[inline(always)]
fn changed_nodes(a: &[f64], b: &[f64]) -> std::ops::Range<usize> {
    let same = |(x, y): (&f64, &f64)| x.to_bits() == y.to_bits();
    let pairs = || a.iter().zip(b);
    match pairs().position(|p| !same(p)) {
        None => 0..0,
        Some(first) => first..a.len() - pairs().rev().take_while(|&p| same(p)).count(),
    }
}

/// Evaluates the element conductivities at heads `h`, with the node potentials that
/// [`evaluate_nodes`] left in `s` for the same heads; with `derivatives`, also their derivatives
/// with respect to the heads (Newton iteration). (The bottom node's own conductivity, which
/// free drainage needs, is `bottom_conductivity`.)
///
/// With P(h) the integral of K from the dry end to h (the Kirchhoff potential, P' = K), the
/// integral-mean conductivity of an element is K_e = (P(h_b) - P(h_a)) / (h_b - h_a), so
/// dK_e/dh_a = (K_e - K(h_a)) / (h_b - h_a) and dK_e/dh_b = (K(h_b) - K_e) / (h_b - h_a), with
/// K(h_a), K(h_b) in the element's soil. For nearly equal heads (where K_e is K at the middle
/// head) each is half the secant slope of K. These only shape the Jacobian: the converged
/// heads are those of the residual, whatever their accuracy.
pub fn update_conductivities(
    soils: &NodeSoils,
    grid: &Grid,
    h: &[f64],
    s: &mut FlowScratch,
    derivatives: bool,
) {
    #[cfg(target_arch = "x86_64")]
    if super::simd::avx2_fma() {
        // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
        // requirement of calling a function compiled with those target features.
        unsafe { element_conductivities_avx2(soils, grid, h, s, derivatives) };
        return;
    }
    element_conductivities_plain(soils, grid, h, s, derivatives);
}

/// [`update_conductivities`] in its AVX2 copy (`AVX2`, for the AVX2 copy of the iteration
/// only) or its plain one, without the run-time check.
#[inline(always)]
fn conductivities_copy<const AVX2: bool>(
    soils: &NodeSoils,
    grid: &Grid,
    h: &[f64],
    s: &mut FlowScratch,
    derivatives: bool,
) {
    #[cfg(target_arch = "x86_64")]
    if AVX2 {
        // SAFETY: `AVX2` is set by the iteration's AVX2 copy only, which runs only on a
        // processor with AVX2 and FMA.
        unsafe { element_conductivities_avx2(soils, grid, h, s, derivatives) };
        return;
    }
    element_conductivities_plain(soils, grid, h, s, derivatives);
}

/// [`element_conductivities`] in the baseline instruction set.
fn element_conductivities_plain(
    soils: &NodeSoils,
    grid: &Grid,
    h: &[f64],
    s: &mut FlowScratch,
    derivatives: bool,
) {
    if derivatives {
        element_conductivities::<true>(soils, grid, h, s);
    } else {
        element_conductivities::<false>(soils, grid, h, s);
    }
}

/// [`element_conductivities`] compiled for AVX2 and FMA, with the same results to the bit (see
/// `column::simd`); call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn element_conductivities_avx2(
    soils: &NodeSoils,
    grid: &Grid,
    h: &[f64],
    s: &mut FlowScratch,
    derivatives: bool,
) {
    if derivatives {
        element_conductivities::<true>(soils, grid, h, s);
    } else {
        element_conductivities::<false>(soils, grid, h, s);
    }
}

/// The element part of [`update_conductivities`]. An element of a tabulated soil whose heads
/// are not nearly equal and whose node potentials (and for the derivatives, node
/// conductivities) are known takes the integral mean from the potentials directly (the
/// arithmetic of [`crate::column::table::VanGenuchtenTable::mean_conductivity`]), in a first
/// pass over all elements without branches that the compiler vectorises; a second pass
/// redoes the others through [`NodeSoils::element_conductivity`] ([`element_conductivity`]).
/// Inlined into a plain and an AVX2 copy.
#[inline(always)]
fn element_conductivities<const DERIVATIVES: bool>(
    soils: &NodeSoils,
    grid: &Grid,
    h: &[f64],
    s: &mut FlowScratch,
) {
    let n = h.len();
    let (h_up, h_low) = (&h[..n - 1], &h[1..n]);
    let (phi_down, phi_up) = (&s.phi_down[..n - 1], &s.phi_up[1..n]);
    let (k_down, k_up) = (&s.k_down[..n - 1], &s.k_up[1..n]);
    let ks = &soils.element_ks_cm_d[..n - 1];
    let air_entry = &soils.element_air_entry_cm[..n - 1];
    let k_elem = &mut s.k_elem[..n - 1];
    let dk_a = &mut s.dk_elem_a[..n - 1];
    let dk_b = &mut s.dk_elem_b[..n - 1];
    let irregular_elements = &mut s.irregular_elements[..n - 1];
    let inputs = ElementInputs {
        h_up,
        h_low,
        phi_down,
        phi_up,
        k_down,
        k_up,
        ks,
        air_entry,
    };
    let irregular = inputs.first_pass::<DERIVATIVES>(k_elem, dk_a, dk_b, irregular_elements);
    if !irregular {
        return;
    }
    // The elements the first pass marked, without testing every element again: eight marks
    // at a time (the `or` of their words), then the marked ones of a group that has any.
    let mut redo = |e: usize| {
        let layer = grid.element_layer[e];
        let nodes = (
            [h_up[e], h_low[e]],
            [phi_down[e], phi_up[e]],
            [k_down[e], k_up[e]],
        );
        let (k_e, dk) = element_conductivity::<DERIVATIVES>(soils, layer, nodes);
        k_elem[e] = k_e;
        if DERIVATIVES {
            (dk_a[e], dk_b[e]) = dk;
        }
    };
    let m = n - 1;
    let whole = m - m % 8;
    for (group, marks) in irregular_elements[..whole].chunks_exact(8).enumerate() {
        if marks.iter().fold(0, |any, &mark| any | mark) == 0 {
            continue;
        }
        for (j, &marked) in marks.iter().enumerate() {
            if marked != 0 {
                redo(8 * group + j);
            }
        }
    }
    for (e, &marked) in irregular_elements[..m].iter().enumerate().skip(whole) {
        if marked != 0 {
            redo(e);
        }
    }
}

/// The node and soil arrays of the first pass of [`element_conductivities`], each element `e`
/// at index `e`.
struct ElementInputs<'a> {
    h_up: &'a [f64],
    h_low: &'a [f64],
    phi_down: &'a [f64],
    phi_up: &'a [f64],
    k_down: &'a [f64],
    k_up: &'a [f64],
    ks: &'a [f64],
    air_entry: &'a [f64],
}

impl ElementInputs<'_> {
    /// The first pass of [`element_conductivities`]: the conductivity of every element (and
    /// with `DERIVATIVES` its derivatives) into `k_elem` (`dk_a`, `dk_b`), marking in
    /// `irregular_elements` those the second pass redoes; returns whether there are any. The
    /// outputs are arguments, not borrowed from the scratch in the same function, so that the
    /// compiler knows that they overlap neither each other nor the inputs (the arguments of a
    /// function are `noalias`, which survives its inlining) and vectorises the loop without
    /// run-time overlap checks.
    #[inline(always)]
    fn first_pass<const DERIVATIVES: bool>(
        &self,
        k_elem: &mut [f64],
        dk_a: &mut [f64],
        dk_b: &mut [f64],
        irregular_elements: &mut [u64],
    ) -> bool {
        let m = self.h_up.len();
        let (h_up, h_low) = (&self.h_up[..m], &self.h_low[..m]);
        let (phi_down, phi_up) = (&self.phi_down[..m], &self.phi_up[..m]);
        let (k_down, k_up) = (&self.k_down[..m], &self.k_up[..m]);
        let (ks, air_entry) = (&self.ks[..m], &self.air_entry[..m]);
        let (k_elem, dk_a, dk_b) = (&mut k_elem[..m], &mut dk_a[..m], &mut dk_b[..m]);
        let irregular_elements = &mut irregular_elements[..m];
        // Any mark, as the `or` of the marks' words (not a `bool`, see `simd::lane_mask`).
        let mut irregular = 0u64;
        for e in 0..m {
            let (h_a, h_b) = (h_up[e], h_low[e]);
            let (phi_a, phi_b) = (phi_down[e], phi_up[e]);
            // Loaded once, before the branches that read it: read in each branch, it was
            // loaded twice with masked loads and blended.
            let ks_e = ks[e];
            let span = h_b - h_a;
            let close = is_close(h_a, h_b);
            // One division for the mean and its derivatives (hi - lo = |span|).
            let inv_span = 1.0 / span;
            let (lo, hi, p_lo, p_hi) = if h_a <= h_b {
                (h_a, h_b, phi_a, phi_b)
            } else {
                (h_b, h_a, phi_b, phi_a)
            };
            // Unsaturated part from lo to min(hi, 0), saturated part (Ks) above 0.
            let k_e = if lo >= air_entry[e] {
                ks_e
            } else {
                (p_hi - p_lo + ks_e * hi.max(0.0)) * inv_span.abs()
            };
            k_elem[e] = k_e;
            let mut regular = !close & !phi_a.is_nan() & !phi_b.is_nan() & !ks_e.is_nan();
            if DERIVATIVES {
                let (k_a, k_b) = (k_down[e], k_up[e]);
                regular &= !k_a.is_nan() & !k_b.is_nan();
                dk_a[e] = (k_e - k_a) * inv_span;
                dk_b[e] = (k_b - k_e) * inv_span;
            }
            let mark = u64::from(!regular);
            irregular_elements[e] = mark;
            irregular |= mark;
        }
        irregular != 0
    }
}

/// Whether heads `h_a` and `h_b` (cm) are so close that an element's integral mean is taken
/// as the conductivity at their middle (see [`crate::soil::mean_conductivity`]).
///
/// The lesser of the absolute heads is taken by a comparison, not `f64::min`, which passes
/// over a NaN (three instructions a vector, against one): they differ only where `h_b` is
/// NaN, and then the span is NaN and the heads are not close either way.
#[inline(always)]
fn is_close(h_a: f64, h_b: f64) -> bool {
    let (abs_a, abs_b) = (h_a.abs(), h_b.abs());
    let least = if abs_a < abs_b { abs_a } else { abs_b };
    (h_b - h_a).abs() <= 1e-3 * (1.0 + least)
}

/// The integral-mean conductivity (cm/d) of one element in `layer` and with `DERIVATIVES`
/// its derivatives in the heads at its upper and lower node, from the nodes' heads,
/// potentials and conductivities (NaN where not known) `nodes`, for an element that
/// [`element_conductivities`]' first pass does not cover.
///
/// With P(h) the Kirchhoff potential, K_e = (P(h_b) - P(h_a)) / (h_b - h_a), so dK_e/dh_a =
/// (K_e - K(h_a)) / (h_b - h_a) and dK_e/dh_b = (K(h_b) - K_e) / (h_b - h_a); for nearly equal
/// heads each is half the secant slope of K.
///
/// Inlined into the second pass's closure (which stays a function of its own, out of the
/// first pass's loop): a call of its own passed the nodes' six values through memory, some
/// 30 instructions of each redone element.
#[inline(always)]
fn element_conductivity<const DERIVATIVES: bool>(
    soils: &NodeSoils,
    layer: usize,
    nodes: ([f64; 2], [f64; 2], [f64; 2]),
) -> (f64, (f64, f64)) {
    let ([h_a, h_b], [phi_a, phi_b], [k_down_a, k_up_b]) = nodes;
    let span = h_b - h_a;
    let close = is_close(h_a, h_b);
    let inv_span = 1.0 / span;
    let k_e = match &soils.tables[layer] {
        // As `NodeSoils::element_conductivity` takes it for close heads (the conductivity at
        // the middle head, the sum of the heads in either order being the same number), without
        // its two calls: the close elements of the refined surface grid are most of those
        // this function sees.
        Some(t) if close => t.conductivity(0.5 * (h_a + h_b)),
        Some(t) if !phi_a.is_nan() && !phi_b.is_nan() => {
            let (lo, hi, p_lo, p_hi) = if h_a <= h_b {
                (h_a, h_b, phi_a, phi_b)
            } else {
                (h_b, h_a, phi_b, phi_a)
            };
            if lo >= t.air_entry_cm() {
                t.ks_cm_d()
            } else {
                (p_hi - p_lo + t.ks_cm_d() * hi.max(0.0)) * inv_span.abs()
            }
        }
        _ => soils.element_conductivity(layer, h_a, h_b, phi_a, phi_b),
    };
    if !DERIVATIVES {
        return (k_e, (0.0, 0.0));
    }
    let k_a = match k_down_a {
        k if k.is_nan() => soils.layer_conductivity(layer, h_a),
        k => k,
    };
    let k_b = match k_up_b {
        k if k.is_nan() => soils.layer_conductivity(layer, h_b),
        k => k,
    };
    let dk = if close {
        let half_slope = if span != 0.0 {
            0.5 * (k_b - k_a) / span
        } else {
            0.0
        };
        (half_slope, half_slope)
    } else {
        ((k_e - k_a) * inv_span, (k_b - k_e) * inv_span)
    };
    (k_e, dk)
}

/// The bottom-node part of [`update_conductivities`].
fn bottom_conductivity(soils: &NodeSoils, h: &[f64], s: &mut FlowScratch, derivatives: bool) {
    let n = h.len();
    let layer = soils.main_layer(n - 1);
    let h_last = h[n - 1];
    s.k_bottom = soils.layer_conductivity(layer, h_last);
    if derivatives {
        // Bottom node: dK/dh by a one-sided difference of 1e-6 relative (free drainage only).
        let step = 1e-6 * (1.0 + h_last.abs());
        s.dk_bottom = (s.k_bottom - soils.layer_conductivity(layer, h_last - step)) / step;
    }
}

/// Result of an iteration loop that converged.
#[derive(Clone, Debug)]
pub struct Converged {
    /// Iterations used.
    pub iterations: u32,
    /// Final surface condition (it may have switched during the step).
    pub top: TopCondition,
    /// Whether the step's storage is the one booked in `FlowScratch::w_linearised` (the fast
    /// path, see `book_linearised_storage`) rather than the storage at the accepted heads.
    pub linearised_storage: bool,
}

/// Why the iteration gave up.
#[derive(Clone, Debug)]
pub struct NotConverged {
    /// Iterations used.
    pub iterations: u32,
    /// Node with the largest remaining change.
    pub worst_node: usize,
    /// What went wrong.
    pub cause: String,
}

/// Decides after an iteration whether the surface condition must switch (atmospheric top).
pub trait SurfaceSwitch {
    /// Called with the new iterate; returns a new condition if the current one is not valid.
    fn check(
        &mut self,
        current: TopCondition,
        h_surface: f64,
        q_top_cm_d: f64,
    ) -> Option<TopCondition>;
}

/// A surface that never switches (constant head or flux tops).
pub struct FixedSurface;

impl SurfaceSwitch for FixedSurface {
    fn check(&mut self, _: TopCondition, _: f64, _: f64) -> Option<TopCondition> {
        None
    }
}

/// Inputs of one water step.
pub struct StepInput<'a> {
    /// The grid.
    pub grid: &'a Grid,
    /// Node soils.
    pub soils: &'a NodeSoils,
    /// Heads at the start of the step (cm).
    pub h_old: &'a [f64],
    /// First iterate (cm), e.g. extrapolated from the last steps; `None` starts from `h_old`.
    pub h_guess: Option<&'a [f64]>,
    /// Storage at the start of the step (cm).
    pub w_old: &'a [f64],
    /// Root water uptake per node (cm/d), evaluated before the step; used when `uptake` is
    /// `None`.
    pub sink_cm_d: &'a [f64],
    /// Root water uptake evaluated at every iterate instead (fast path).
    pub uptake: Option<IterateUptake<'a>>,
    /// Time step (d).
    pub dt_d: f64,
    /// Bottom condition.
    pub bottom: BottomCondition,
    /// Tolerances.
    pub tol: Tolerances,
    /// Under-relax as soon as an iteration stops contracting (from the third on), not only after
    /// `RELAX_AFTER_ITERATIONS` (fast path).
    pub relax_on_stall: bool,
    /// Newton iteration (the Picard matrix plus the derivatives of the conductivities) instead
    /// of modified Picard.
    pub newton: bool,
    /// Limit each iteration's change of suction at dry nodes to a factor [`DRY_UPDATE_FACTOR`].
    pub limit_dry_updates: bool,
    /// Accept a Newton iterate from a predictor when the contraction of the iteration says
    /// that the next update would be within the tolerances ([`FIRST_ITERATE_RATE_FLOOR`]), and
    /// book the linearised storage of every accepted iterate (`book_linearised_storage`); fast
    /// path only.
    pub accept_by_contraction: bool,
}

/// Root water uptake evaluated at the heads of each iterate: S_i = alpha_w(h_i) P_i, with P_i
/// the node's potential uptake times its salinity reduction (fixed over the step, salt moves
/// after water) and alpha_w the Feddes function. Evaluating the water stress at the new heads
/// instead of those at the start of the step keeps the uptake right over long steps.
#[derive(Clone, Copy)]
pub struct IterateUptake<'a> {
    /// Uptake per node without water stress (cm/d).
    pub unstressed_cm_d: &'a [f64],
    /// The Feddes function.
    pub feddes: &'a Feddes,
    /// Potential transpiration (cm/d), which sets the Feddes h3.
    pub tp_cm_d: f64,
}

/// Sets the sink and its slope at heads `h` into `s` with uptake at the iterate, at the nodes
/// before `rooted_end` only ([`rooted_end`]: the nodes from there on take no uptake at any
/// head, and [`clear_unrooted_sink`] has set their sink and slope to the 0 that the Feddes
/// loop would give them, once for all the iterations of the step, since nothing else writes
/// them). Without uptake at the iterate, the sink evaluated before the step is fixed over it
/// and [`fixed_sink`] has set it once for all the iterations: nothing to do. Inlined into the
/// iteration's AVX2 copy; its node loop has no branches, so that it is vectorised.
#[inline(always)]
fn update_sink(input: &StepInput<'_>, h: &[f64], s: &mut FlowScratch, rooted_end: usize) {
    let Some(u) = &input.uptake else {
        return;
    };
    let feddes = FeddesLines::new(u.feddes, u.tp_cm_d);
    let (sink, dsink) = (&mut s.sink[..rooted_end], &mut s.dsink[..rooted_end]);
    let (h, unstressed) = (&h[..rooted_end], &u.unstressed_cm_d[..rooted_end]);
    for (i, &p) in unstressed.iter().enumerate() {
        let (alpha, slope) = feddes.alpha_and_slope(h[i]);
        let rooted = p > 0.0;
        sink[i] = if rooted { alpha * p } else { 0.0 };
        dsink[i] = if rooted { slope * p } else { 0.0 };
    }
}

/// Sets the sink to the one evaluated before the step (`input.sink_cm_d`) and its slope to 0,
/// for a step without uptake at the iterate: once a step, not every iteration, since nothing
/// but the sink update writes the sink arrays.
fn fixed_sink(input: &StepInput<'_>, s: &mut FlowScratch) {
    s.sink.copy_from_slice(input.sink_cm_d);
    s.dsink.fill(0.0);
}

/// Sets the sink and its slope of the nodes from `rooted_end` to `n` (the node count) to 0,
/// the value the Feddes loop of [`update_sink`] gives a node without potential uptake.
fn clear_unrooted_sink(s: &mut FlowScratch, rooted_end: usize, n: usize) {
    s.sink[rooted_end..n].fill(0.0);
    s.dsink[rooted_end..n].fill(0.0);
}

/// One past the last node with potential uptake (`unstressed_cm_d` above 0), 0 if none: the
/// nodes from there on take no uptake at any head. Fixed over a step, so taken once for all
/// its iterations.
fn rooted_end(unstressed_cm_d: &[f64]) -> usize {
    // A maximum over every node, without early exit, so that the loop is vectorised.
    let mut end = 0u32;
    for (i, &p) in (1u32..).zip(unstressed_cm_d) {
        end = end.max(if p > 0.0 { i } else { 0 });
    }
    end as usize
}

/// Largest storage linearisation error of an accepted iterate, as a share of the water-content
/// tolerance of the node's cell.
const LINEARISATION_SHARE: f64 = 0.1;

/// Floor of the contraction estimate with which a first Newton iterate is accepted: the
/// estimate is max(last contraction, floor)^0.8 (Hairer & Wanner 1996, section IV.8, eq. 8.12
/// and the start of the iteration after it), and the first iterate is accepted when that times
/// its update, relative to the tolerances, is at most 1.
pub const FIRST_ITERATE_RATE_FLOOR: f64 = 1e-3;

/// Iterations of a Newton solve from a predictor that may be accepted by contraction (later
/// ones are rare and take the standard test).
const MEASURED_ITERATIONS: u32 = 4;

/// Iterations after which a Newton step whose largest change (relative to its tolerance) did
/// not fall in the last iteration is given up for Picard; while it keeps falling the step may
/// take all of `Tolerances::max_iterations`. Rain on a surface at h_crit walks the dry nodes'
/// heads in by the update limiter's factor an iteration and takes 9 to 15 Newton iterations;
/// giving those up at 8 cost the benchmark year 54 fallbacks and 23 rejected steps (8 011
/// iterations instead of 6 982).
const NEWTON_MAX_ITERATIONS: u32 = 8;

/// Iterations of plain Picard before the head update is under-relaxed.
const RELAX_AFTER_ITERATIONS: u32 = 8;

/// Runs the Picard (or, with `input.newton`, the Newton) iteration; on success `h_new` holds the
/// new heads. On a processor with AVX2 and FMA the iteration's own loops (boundary rows, update
/// limiter, contraction measure, copies) run in a copy compiled for them, with the same results
/// to the bit (see `column::simd`).
pub fn iterate(
    input: &StepInput<'_>,
    top: TopCondition,
    switch: &mut dyn SurfaceSwitch,
    h_new: &mut [f64],
    s: &mut FlowScratch,
) -> Result<Converged, NotConverged> {
    #[cfg(target_arch = "x86_64")]
    if super::simd::avx2_fma() {
        // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
        // requirement of calling a function compiled with those target features.
        return unsafe { iterate_avx2(input, top, switch, h_new, s) };
    }
    iterate_body::<false>(input, top, switch, h_new, s)
}

/// [`iterate`] in its AVX2 copy with `AVX2` (set by the AVX2 copy of the time step only, which
/// runs only on a processor with AVX2 and FMA), without asking the processor again each step;
/// else [`iterate`] itself.
#[inline(always)]
pub(crate) fn iterate_copy<const AVX2: bool>(
    input: &StepInput<'_>,
    top: TopCondition,
    switch: &mut dyn SurfaceSwitch,
    h_new: &mut [f64],
    s: &mut FlowScratch,
) -> Result<Converged, NotConverged> {
    #[cfg(target_arch = "x86_64")]
    if AVX2 {
        // SAFETY: `AVX2` is set by the time step's AVX2 copy only, which runs only on a
        // processor with AVX2 and FMA.
        return unsafe { iterate_avx2(input, top, switch, h_new, s) };
    }
    iterate(input, top, switch, h_new, s)
}

/// [`iterate`] compiled for AVX2 and FMA; call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn iterate_avx2(
    input: &StepInput<'_>,
    top: TopCondition,
    switch: &mut dyn SurfaceSwitch,
    h_new: &mut [f64],
    s: &mut FlowScratch,
) -> Result<Converged, NotConverged> {
    iterate_body::<true>(input, top, switch, h_new, s)
}

/// The body of [`iterate`], inlined into its plain and (`AVX2`) its AVX2 copy, which calls
/// the AVX2 copies of the kernels (conductivities, assembly, convergence test) directly, without
/// asking the processor again each iteration.
#[inline(always)]
fn iterate_body<const AVX2: bool>(
    input: &StepInput<'_>,
    mut top: TopCondition,
    switch: &mut dyn SurfaceSwitch,
    h_new: &mut [f64],
    s: &mut FlowScratch,
) -> Result<Converged, NotConverged> {
    let n = input.h_old.len();
    let soils = input.soils;
    let grid = input.grid;
    // The last accepted iterate left its state in s; a step that starts from those heads
    // (no predictor) uses it instead of evaluating the same heads again.
    let start = input.h_guess.unwrap_or(input.h_old);
    let reuse = s.state_at_h_iter && s.h_iter[..n] == start[..n];
    if !reuse {
        // Otherwise only the nodes from the first to the last whose head differs (to the bit)
        // from the accepted iterate's are evaluated: the others' state is in s already. A
        // predictor keeps the heads of the saturated zone and the capillary fringe (wetter
        // than -1 cm), at the bottom of the column.
        let changed = if s.state_at_h_iter {
            changed_nodes(&s.h_iter[..n], &start[..n])
        } else {
            0..n
        };
        s.h_iter[changed.clone()].copy_from_slice(&start[changed.clone()]);
        let h_iter = std::mem::take(&mut s.h_iter);
        evaluate_nodes_range(soils, &h_iter, changed, s);
        s.h_iter = h_iter;
    }
    s.state_at_h_iter = false;
    s.newton = input.newton;
    if input.accept_by_contraction {
        fill_least_storage(s, soils, grid);
    }
    // With uptake at the iterate, the nodes below the last rooted one take none at any head:
    // their sink is set once here, and each iteration evaluates the rooted nodes only; without
    // it, the whole sink is fixed over the step and set once here.
    let rooted_end = match &input.uptake {
        Some(u) => {
            let end = rooted_end(u.unstressed_cm_d);
            clear_unrooted_sink(s, end, u.unstressed_cm_d.len());
            end
        }
        None => {
            fixed_sink(input, s);
            0
        }
    };
    let mut switches = 0;
    // Iterations since the surface condition last switched: a switch starts a new nonlinear
    // problem, whose own iterations decide when it stalls or needs relaxing.
    let mut switched_after = 0;
    let mut last_change = f64::INFINITY;
    let max_iterations = input.tol.max_iterations;
    let mut swapped_last = false;
    // Whether the last iterate may have a node that `move_to_solved_storage` moves.
    let mut may_move = true;
    for iteration in 1..=max_iterations {
        // Fast path: an iterate that goes on to another iteration starts it from heads whose
        // storage is the one the last linear system solved for ([`move_to_solved_storage`]).
        if swapped_last && input.accept_by_contraction && may_move {
            let first = usize::from(matches!(top, TopCondition::Head(_)));
            let end = if matches!(input.bottom, BottomCondition::Head(_)) {
                n - 1
            } else {
                n
            };
            move_to_solved_storage(soils, s, first..end, &input.tol, grid);
        }
        swapped_last = false;
        // Storage, capacity and potentials at the current iterate are in s (evaluated once per
        // iterate, in the convergence check of the previous iteration).
        let h_iter = std::mem::take(&mut s.h_iter);
        conductivities_copy::<AVX2>(soils, grid, &h_iter, s, input.newton);
        // The bottom node's own conductivity serves free drainage only.
        if matches!(input.bottom, BottomCondition::FreeDrainage) {
            bottom_conductivity(soils, &h_iter, s, input.newton);
        }
        update_sink(input, &h_iter, s, rooted_end);
        s.h_iter = h_iter;
        assemble::<AVX2>(input, s);
        if input.newton && matches!(input.bottom, BottomCondition::FreeDrainage) {
            let last = n - 1;
            s.b[last] += s.dk_bottom;
            s.d[last] += s.dk_bottom * s.h_iter[last];
        }
        match top {
            TopCondition::Flux(q) => s.d[0] += q,
            TopCondition::Head(h) => {
                s.a[0] = 0.0;
                s.b[0] = 1.0;
                s.c[0] = 0.0;
                s.d[0] = h;
            }
        }
        let last = n - 1;
        match input.bottom {
            BottomCondition::FreeDrainage => s.d[last] -= s.k_bottom,
            BottomCondition::ZeroFlux => {}
            BottomCondition::Head(h) => {
                s.a[last] = 0.0;
                s.b[last] = 1.0;
                s.c[last] = 0.0;
                s.d[last] = h;
            }
        }
        if !solve_tridiagonal_in(&s.a, &s.b, &s.c, &mut s.d, &mut s.work, &mut s.tridiag) {
            return Err(NotConverged {
                iterations: iteration,
                worst_node: 0,
                cause: "singular flow matrix".into(),
            });
        }
        // An iterate whose update was limited is not a solution of the linear system, so it
        // cannot be accepted, however little its water contents changed.
        let mut limited = false;
        // Whether every solved head is known to be finite already.
        let mut known_finite = false;
        if input.limit_dry_updates {
            let first = usize::from(matches!(top, TopCondition::Head(_)));
            let end = if matches!(input.bottom, BottomCondition::Head(_)) {
                n - 1
            } else {
                n
            };
            let finite_inside;
            (limited, finite_inside) =
                limit_dry_updates(&s.h_iter[first..end], &mut s.d[first..end]);
            // Without a limited update the limiter's heads are the solved ones, whose
            // finiteness its pass took: the nodes outside its range are left.
            known_finite = !limited
                && finite_inside
                && s.d[..first]
                    .iter()
                    .chain(&s.d[end..n])
                    .all(|h| h.is_finite());
        }
        // Convergence: change of water content everywhere, and of head where saturated.
        let (volume, inv_volume) = (&grid.volume_cm[..n], &grid.inv_volume_cm[..n]);
        // All finite, in a loop without early exit that is vectorised; the node only if not.
        let all_finite = known_finite || s.d[..n].iter().fold(true, |all, h| all & h.is_finite());
        if let Some(i) = (!all_finite)
            .then(|| s.d[..n].iter().position(|h| !h.is_finite()))
            .flatten()
        {
            return Err(NotConverged {
                iterations: iteration,
                worst_node: i,
                cause: "pressure head became non-finite".into(),
            });
        }
        evaluate_next(soils, s);
        // The first two iterations of a Newton solve from a predictor measure their largest
        // change relative to the tolerances everywhere: the first to be accepted by the last
        // solve's contraction, both to measure this solve's.
        let measure = input.accept_by_contraction
            && iteration <= MEASURED_ITERATIONS
            && input.h_guess.is_some();
        let changes = IterateChanges {
            h_next: &s.d[..n],
            h_now: &s.h_iter[..n],
            w_next: &s.w_next[..n],
            w_now: &s.w_iter[..n],
            cap: &s.cap[..n],
            volume,
            inv_volume,
            tol_theta: input.tol.theta,
            tol_head: input.tol.head_cm,
            theta_length_cm: input.tol.theta_length_cm,
        };
        // With `measure`, the same pass also takes the largest change relative to the
        // tolerances everywhere (`change_all`, 0 otherwise).
        let (any_fails, largest, change_all) = changes.largest::<AVX2>(measure);
        let converged = !limited && !any_fails;
        // The nodes of the largest changes name the failure when the iteration gives up.
        let own_iterations = iteration - switched_after;
        let may_give_up = iteration == max_iterations
            || (input.newton && own_iterations >= NEWTON_MAX_ITERATIONS);
        let nodes = if may_give_up {
            changes.nodes_of(largest)
        } else {
            [0; 3]
        };
        let worst = (nodes[0], largest[0]);
        let worst_missed = (nodes[1], largest[1]);
        let worst_head = (nodes[2], largest[2]);
        // A node is moved to its solved storage (at the start of the next iteration) only if
        // its storage misses that by more than `theta` times its volume; the test just taken
        // bounds every node's miss (the same difference, its terms added in another order) by
        // the larger of LINEARISATION_SHARE `theta` and `worst_missed` times its volume.
        // Storages are at most the node's volume (water contents at most 1), so the two orders
        // differ by some 1e-15 of it: with `worst_missed` at most half `theta` (and `theta` at
        // least 1e-9, a margin of 1e5 over that), no node can move, and the pass that looks
        // for them is left out.
        may_move = !(worst_missed.1 <= 0.5 * input.tol.theta && input.tol.theta >= 1e-9);
        // Largest change relative to its tolerance: below 1 everywhere means converged.
        let change = (worst.1 / input.tol.theta)
            .max(worst_head.1 / input.tol.head_cm)
            .max(worst_missed.1 / (LINEARISATION_SHARE * input.tol.theta));
        // From the heads of the last step, the first update is the step's whole change and must
        // be confirmed by a second iteration; from a predictor (Newton), a first update within
        // the tolerances means the predictor already solved the step to them.
        let min_iterations = if input.newton && input.h_guess.is_some() {
            1
        } else {
            2
        };
        // Newton from a predictor: the first iterate's error is about the next update, which
        // the contraction of the last solve predicts (Hairer & Wanner 1996, IV.8); accept it
        // when that is within the tolerances and its storage at its heads is within the
        // water-content tolerance of the linearised storage it books. Saves a quarter of the
        // benchmark's iterations; its fluxes move by under 0.01 % (docs/performance.md).
        // Later iterates: the same test with this solve's own contraction, eta = rho / (1 -
        // rho) (Hairer & Wanner 1996, IV.8, eq. 8.12).
        let rate = if measure && iteration >= 2 && s.previous_change_all > 0.0 {
            change_all / s.previous_change_all
        } else {
            f64::NAN
        };
        if iteration == 2 && rate.is_finite() {
            s.contraction = rate;
        }
        // (The estimate serves the acceptance by contraction only, which needs `measure`.)
        let estimate = if !measure {
            f64::INFINITY
        } else if iteration == 1 {
            s.first_iterate_rate()
        } else if rate < 1.0 {
            rate / (1.0 - rate)
        } else {
            f64::INFINITY
        };
        // The last condition, whether the solved system's storage keeps every node's water
        // above residual, is a pass over the nodes: taken only where the others hold and the
        // standard test does not accept the iterate already (which the order of the `||` and
        // `&&` below, evaluated left to right, ensures), and now, before the accepted
        // iterate's exchange of arrays below (after it `s.d` and `s.h_iter` are the same heads
        // and the linearisation term vanishes) or the relaxation of the update.
        let standard = converged && iteration >= min_iterations;
        let accepted = standard
            || (measure
                && !limited
                && worst_missed.1 <= input.tol.theta
                && estimate * change_all <= 1.0
                && linearised_storage_attainable(s));
        if measure {
            s.previous_change_all = change_all;
        }
        let stalled = input.relax_on_stall && own_iterations >= 3 && change >= last_change;
        // Newton either converges fast or not at all; the caller then falls back to Picard.
        let newton_stuck = input.newton
            && own_iterations >= NEWTON_MAX_ITERATIONS
            && !limited
            && change >= last_change;
        last_change = change;
        if (own_iterations > RELAX_AFTER_ITERATIONS || stalled) && !converged {
            // A front entering very dry fine soil can make plain Picard oscillate (the element
            // conductivity jumps by orders of magnitude between iterates); halving the update
            // damps the oscillation and leaves the converged solution unchanged.
            for i in 0..n {
                s.d[i] = 0.5 * (s.d[i] + s.h_iter[i]);
            }
            s.h_iter.copy_from_slice(&s.d);
            let h_iter = std::mem::take(&mut s.h_iter);
            evaluate_nodes(soils, &h_iter, s);
            s.h_iter = h_iter;
        } else {
            swapped_last = true;
            // h_prev takes h_iter's heads and h_iter the solved heads in s.d by exchanging
            // the arrays, not copying: h_prev's old heads are not needed any more, and s.d is
            // read no more before the next assembly overwrites all of its rows (the storage
            // test that reads it, `linearised_storage_attainable`, is taken above).
            std::mem::swap(&mut s.h_prev, &mut s.h_iter);
            std::mem::swap(&mut s.h_iter, &mut s.d);
            std::mem::swap(&mut s.w_iter, &mut s.w_next);
            std::mem::swap(&mut s.cap, &mut s.cap_next);
            std::mem::swap(&mut s.phi_up, &mut s.phi_up_next);
            std::mem::swap(&mut s.phi_down, &mut s.phi_down_next);
            std::mem::swap(&mut s.k_up, &mut s.k_up_next);
            std::mem::swap(&mut s.k_down, &mut s.k_down_next);
        }
        // The surface condition may have to switch (atmospheric boundary).
        // A flux surface is checked every iteration (a drying or ponding surface shows at once);
        // a head surface only once converged, when its flux means something.
        let check_now = matches!(top, TopCondition::Flux(_)) || accepted;
        let q_top = top_flux(input, s, top);
        let new_top = if check_now {
            switch.check(top, s.h_iter[0], q_top)
        } else {
            None
        };
        if let Some(new_top) = new_top {
            switches += 1;
            if switches > 6 {
                return Err(NotConverged {
                    iterations: iteration,
                    worst_node: 0,
                    cause: "surface boundary condition kept switching between flux and head".into(),
                });
            }
            top = new_top;
            switched_after = iteration;
            last_change = f64::INFINITY;
            continue;
        }
        if accepted {
            // The fluxes are those of the solved linear system, at its solution.
            h_new.copy_from_slice(&s.h_iter);
            // The fast path books the storage of the solved system (the accepted heads hold it
            // to within the storage-linearisation check), so that water is conserved to
            // round-off whatever the tolerance; at a node where that storage would not be
            // attainable (drying to residual), the storage at its heads.
            let linearised_storage = input.accept_by_contraction;
            if linearised_storage {
                book_linearised_storage(s);
            }
            s.state_at_h_iter = true;
            // Conductivities at the accepted iterate's predecessor are the ones the solved system
            // used; keep them for the fluxes (mass consistency).
            return Ok(Converged {
                iterations: iteration,
                top,
                linearised_storage,
            });
        }
        if iteration == max_iterations || (newton_stuck && !converged) {
            let (worst_node, cause) = if worst.1 > input.tol.theta {
                (
                    worst.0,
                    format!(
                        "Picard iteration did not converge (water content still changing by {:.2e})",
                        worst.1
                    ),
                )
            } else if worst_head.1 > input.tol.head_cm {
                (
                    worst_head.0,
                    format!(
                        "Picard iteration did not converge (saturated head still changing by {:.2e} cm)",
                        worst_head.1
                    ),
                )
            } else if worst_missed.1 > LINEARISATION_SHARE * input.tol.theta {
                (
                    worst_missed.0,
                    format!(
                        "Picard iteration did not converge (linearised storage still off by {:.2e} in water content)",
                        worst_missed.1
                    ),
                )
            } else {
                (
                    0,
                    "Picard iteration did not converge (head updates still limited at dry nodes)"
                        .to_string(),
                )
            };
            return Err(NotConverged {
                iterations: iteration,
                worst_node,
                cause,
            });
        }
    }
    // Reached only when the last iteration switched the surface condition.
    Err(NotConverged {
        iterations: max_iterations,
        worst_node: 0,
        cause: "surface boundary condition still switching at the last iteration".into(),
    })
}

/// Whether the linearised storage W(h^m) + C(h^m) (h^{m+1} - h^m) of every node (before the
/// accepted iterate's swap) keeps at least half of the water the node holds above residual
/// at its new heads, so that a step started from it has a solution. Near residual water
/// content the linearisation of a drying node can fall below the least storage the soil can
/// hold at any head; booked, it left the next step unsolvable (Newton walked the suction of a
/// dry sand node out to 1e17 cm).
#[inline(always)]
fn linearised_storage_attainable(s: &FlowScratch) -> bool {
    let n = s.h_iter.len();
    let (w_iter, cap, d, h_iter) = (&s.w_iter[..n], &s.cap[..n], &s.d[..n], &s.h_iter[..n]);
    let (least, w_next) = (&s.least_storage[..n], &s.w_next[..n]);
    // Every node, without early exit, so that the loop is vectorised; a loop rather than
    // `Iterator::fold`, which the compiler left out of line, in baseline code.
    // Any node failing, as a word (see `simd::lane_mask`; an `|` of the negated test, which a
    // NaN fails as before, took fewer instructions than an `&` of the test).
    let mut fails = 0u64;
    for i in 0..n {
        let linearised = w_iter[i] + cap[i] * (d[i] - h_iter[i]);
        #[allow(clippy::neg_cmp_op_on_partial_ord)]
        let node_fails = !(linearised - least[i] >= 0.5 * (w_next[i] - least[i]));
        fails |= lane_mask(node_fails);
    }
    fails == 0
}

/// Least share of the water a node holds above residual at its heads that its booked
/// linearised storage must keep (else the storage at its heads is booked). A tenth: with half,
/// as for an iterate accepted by contraction, the nodes of a dry sand that a front crosses near
/// residual booked their storage at their heads so often that the water balance of a year of
/// irrigated sand grew from 5e-4 % to 1.6e-2 %.
const BOOKED_SHARE_ABOVE_RESIDUAL: f64 = 0.1;

/// Fills `s.w_linearised` with the storage of each node that the solved linear system balanced
/// against its fluxes, W(h^m) + C(h^m) (h^{m+1} - h^m), after the accepted iterate's swap;
/// where that would leave a node less than [`BOOKED_SHARE_ABOVE_RESIDUAL`] of the water it
/// holds above residual at its heads (a node drying to residual, where no head would hold less
/// than the least storage), that node's storage at its heads instead. The heads' own storage misses the linearised one by at most
/// the storage-linearisation check (an iterate accepted by the standard test) or the
/// water-content tolerance (by contraction); booking the linearised storage keeps the water
/// and salt balances exact but for those nodes, and the next step starts from it, so the miss
/// is not lost but carried: a node's heads and its booked storage differ by at most one step's
/// miss, never accumulated.
///
/// Inlined into the iteration's AVX2 copy, its arrays sliced to the node count first so that
/// the loop has no bounds checks.
#[inline(always)]
fn book_linearised_storage(s: &mut FlowScratch) {
    let n = s.h_iter.len();
    let (h_iter, h_prev) = (&s.h_iter[..n], &s.h_prev[..n]);
    let (w_next, cap_next, w_iter) = (&s.w_next[..n], &s.cap_next[..n], &s.w_iter[..n]);
    let (least_storage, w_linearised) = (&s.least_storage[..n], &mut s.w_linearised[..n]);
    // After the swap, the `_next` arrays hold the state at h^m and the others that at h^{m+1}.
    for i in 0..n {
        let linearised = w_next[i] + cap_next[i] * (h_iter[i] - h_prev[i]);
        let (at_heads, least) = (w_iter[i], least_storage[i]);
        w_linearised[i] = if linearised - least >= BOOKED_SHARE_ABOVE_RESIDUAL * (at_heads - least)
        {
            linearised
        } else {
            at_heads
        };
    }
}

/// Fills `s.least_storage` with the least storage each node can hold, at residual water
/// content (cm), unless it is there already.
fn fill_least_storage(s: &mut FlowScratch, soils: &NodeSoils, grid: &Grid) {
    let n = s.h_iter.len();
    if s.least_storage.len() != n {
        s.least_storage = (0..n)
            .map(|i| soils.theta_r(i) * grid.volume_cm[i])
            .collect();
    }
}

/// What the convergence test of one iteration compares: the heads, storages and capacities
/// of the iterate before (`now`) and of the new one (`next`).
struct IterateChanges<'a> {
    h_next: &'a [f64],
    h_now: &'a [f64],
    w_next: &'a [f64],
    w_now: &'a [f64],
    cap: &'a [f64],
    volume: &'a [f64],
    inv_volume: &'a [f64],
    tol_theta: f64,
    tol_head: f64,
    theta_length_cm: f64,
}

impl IterateChanges<'_> {
    /// Whether node `i` fails the test, and its change of water content, its missed
    /// linearised storage (in water content) and its change of head where saturated, each 0
    /// where the node passes.
    #[inline(always)]
    fn node(&self, i: usize) -> (bool, [f64; 3]) {
        self.test(
            [self.h_next[i], self.h_now[i]],
            [self.w_next[i], self.w_now[i]],
            self.cap[i],
            [self.volume[i], self.inv_volume[i]],
        )
    }

    /// [`Self::node`] from the node's heads and storages (next, now), its capacity and its
    /// volume and inverse volume.
    #[inline(always)]
    fn test(&self, h: [f64; 2], w: [f64; 2], cap: f64, volume: [f64; 2]) -> (bool, [f64; 3]) {
        let ([h_next, h_now], [w_next, w_now], [vol, inv_vol]) = (h, w, volume);
        let dw = (w_next - w_now).abs();
        let dh = (h_next - h_now).abs();
        let saturated = h_next >= 0.0 || h_now >= 0.0;
        // Water the solved system's linearised storage W^m + C^m (h^{m+1} - h^m) misses at
        // the new heads, which the mass balance would lose if this iterate were accepted.
        // Small whenever the change is, except where C jumps (the air-entry head of
        // soil::VanGenuchtenAirEntry), so it is checked too.
        let missed = (w_next - w_now - cap * (h_next - h_now)).abs();
        // Without branches: the largest changes are taken over the nodes that fail the test
        // only (a node that passes counts as 0).
        let fails = (dw > self.tol_theta * vol.max(self.theta_length_cm))
            | (missed > LINEARISATION_SHARE * self.tol_theta * vol)
            | (saturated & (dh > self.tol_head));
        let changes = if fails {
            [
                dw * inv_vol,
                missed * inv_vol,
                if saturated { dh } else { 0.0 },
            ]
        } else {
            [0.0; 3]
        };
        (fails, changes)
    }

    /// Whether any node fails, and the largest of each change of [`Self::node`] (0 at
    /// least; a NaN change is passed over); with `measure`, also the largest change relative
    /// to its tolerance over all nodes, passing or failing ([`Self::relative_change`]; 0
    /// without).
    /// In the AVX2 copy with `AVX2` (for the AVX2 copy of the iteration only, which calls it
    /// without asking the processor again each iteration), else in the plain one.
    #[inline(always)]
    fn largest<const AVX2: bool>(&self, measure: bool) -> (bool, [f64; 3], f64) {
        #[cfg(target_arch = "x86_64")]
        if AVX2 {
            // SAFETY: `AVX2` is set by the iteration's AVX2 copy only, which runs only on a
            // processor with AVX2 and FMA.
            return unsafe { self.largest_avx2(measure) };
        }
        self.largest_plain(measure)
    }

    /// [`Self::largest`] in the baseline instruction set.
    fn largest_plain(&self, measure: bool) -> (bool, [f64; 3], f64) {
        if measure {
            self.largest_kernel::<true>()
        } else {
            self.largest_kernel::<false>()
        }
    }

    /// [`Self::largest`] compiled for AVX2 and FMA, with the same results to the bit (see
    /// `column::simd`); call only on a processor that has them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn largest_avx2(&self, measure: bool) -> (bool, [f64; 3], f64) {
        if measure {
            self.largest_kernel::<true>()
        } else {
            self.largest_kernel::<false>()
        }
    }

    /// Node `i`'s change relative to its tolerance, passing or failing: its change of
    /// water content over at least `theta_length_cm` of soil, over `theta` (`inv_tol`: the
    /// inverses of `theta_length_cm`, `theta` and `head_cm`), and where saturated its change
    /// of head over `head_cm`, whichever is larger (a NaN one is passed over).
    #[inline(always)]
    fn relative_change(h: [f64; 2], dw: f64, inv_vol: f64, inv_tol: [f64; 3]) -> f64 {
        let ([h_next, h_now], [inv_length, inv_tol_theta, inv_tol_head]) = (h, inv_tol);
        let dw = dw * inv_vol.min(inv_length) * inv_tol_theta;
        let dh = if h_next >= 0.0 || h_now >= 0.0 {
            (h_next - h_now).abs() * inv_tol_head
        } else {
            0.0
        };
        dw.max(dh)
    }

    /// The body of [`Self::largest`]. The changes are at least 0, and the order of
    /// non-negative doubles is that of their bits as integers, so the maxima are taken on the
    /// bits, which the compiler vectorises (it does not vectorise a maximum of doubles). The
    /// relative change is taken the same way: its maximum over the nodes, passing over NaN,
    /// from 0, is the largest of the values above 0 whatever their order, and the only
    /// values not above 0 that it could give are zeros, which give the same comparisons and
    /// quotients in `iterate` whatever their sign (its arithmetic for each node is that of
    /// the loop it replaces, `f64::max` included).
    ///
    /// The maxima are first taken on the bits of every value as they are
    /// ([`Self::largest_bits`] without `PASS_OVER`): a value not above 0 is +0 or has its
    /// sign bit set (a negative integer), so it cannot raise a maximum that starts from 0,
    /// and the maxima are those of the values above 0 unless one of them is a positive NaN,
    /// whose bits are above those of infinity; only then is the pass repeated passing over
    /// the values not above 0 explicitly, so the result is the same to the bit either way.
    #[inline(always)]
    fn largest_kernel<const MEASURE: bool>(&self) -> (bool, [f64; 3], f64) {
        let (any_fails, mut largest) = self.largest_bits::<MEASURE, false>();
        let infinity = f64::INFINITY.to_bits() as i64;
        if largest.iter().any(|&m| m > infinity) {
            largest = self.largest_bits::<MEASURE, true>().1;
        }
        let [theta, missed, head, relative] = largest.map(|m| f64::from_bits(m as u64));
        (any_fails, [theta, missed, head], relative)
    }

    /// The pass of [`Self::largest_kernel`]: whether any node fails, and the largest bits, as
    /// integers from 0, of its three changes and (with `MEASURE`; else 0) its relative
    /// change, with `PASS_OVER` of only those above 0 (not NaN).
    #[inline(always)]
    fn largest_bits<const MEASURE: bool, const PASS_OVER: bool>(&self) -> (bool, [i64; 4]) {
        let n = self.volume.len();
        let (h_next, h_now) = (&self.h_next[..n], &self.h_now[..n]);
        let (w_next, w_now, cap) = (&self.w_next[..n], &self.w_now[..n], &self.cap[..n]);
        let inv_volume = &self.inv_volume[..n];
        let inv_tol = [
            1.0 / self.theta_length_cm,
            1.0 / self.tol_theta,
            1.0 / self.tol_head,
        ];
        // Any node failing, as a word (see `simd::lane_mask`).
        let mut any_fails = 0u64;
        let mut largest = [0i64; 4];
        for i in 0..n {
            let (h, w) = ([h_next[i], h_now[i]], [w_next[i], w_now[i]]);
            let (fails, changes) = self.test(h, w, cap[i], [self.volume[i], inv_volume[i]]);
            any_fails |= lane_mask(fails);
            let relative = if MEASURE {
                let dw = (w[0] - w[1]).abs();
                Self::relative_change(h, dw, inv_volume[i], inv_tol)
            } else {
                0.0
            };
            let all = [changes[0], changes[1], changes[2], relative];
            for (m, x) in largest.iter_mut().zip(all) {
                let bits = if !PASS_OVER || x > 0.0 {
                    x.to_bits() as i64
                } else {
                    // Not (x > 0): 0 or NaN, counted as 0.
                    0
                };
                *m = (*m).max(bits);
            }
        }
        (any_fails != 0, largest)
    }

    /// The first node at which each change of [`Self::node`] reaches its largest value
    /// `largest` (node 0 where that is 0).
    fn nodes_of(&self, largest: [f64; 3]) -> [usize; 3] {
        let mut nodes = [0; 3];
        for (j, node) in nodes.iter_mut().enumerate() {
            if largest[j] > 0.0 {
                *node = (0..self.volume.len())
                    .position(|i| self.node(i).1[j] == largest[j])
                    .unwrap_or(0);
            }
        }
        nodes
    }
}

/// Largest factor by which one iteration may change the suction of a node drier than
/// [`DRY_LIMIT_FROM_CM`].
pub const DRY_UPDATE_FACTOR: f64 = 10.0;
/// Suction (cm) beyond which a node's head update is limited.
pub const DRY_LIMIT_FROM_CM: f64 = 10.0;

/// Limits the update of the heads `h` to `h_next` at dry nodes (h < -[`DRY_LIMIT_FROM_CM`]) to a
/// change of suction by at most [`DRY_UPDATE_FACTOR`] either way. Water arriving on very dry soil
/// (h = -15 000 cm) makes the first linearisation, whose capacity there is nearly zero, throw
/// the head to large positive values, and the overshoot then travels down the column one node
/// an iteration; limiting the step in log suction, as variable-switching schemes do (Forsyth,
/// Wu & Pruess 1995), lets the iteration walk into the wet range instead. The converged heads
/// do not depend on it: at convergence the updates are far inside the limit.
/// Returns whether any update was limited, and whether every update was finite (taken by
/// the same pass, for the iteration's finite check; only for an iteration without a limited
/// update, where the heads are the updates).
///
/// Most iterations limit no update, and then every head stays as it is: a first pass only
/// asks whether any is limited, without stores, and only if one is does a second pass limit
/// them (the store of each head, which the compiler made a masked store, took some 3 % of
/// the iteration's time in every iteration).
#[inline(always)]
fn limit_dry_updates(h: &[f64], h_next: &mut [f64]) -> (bool, bool) {
    let n = h.len();
    let (h, h_next) = (&h[..n], &mut h_next[..n]);
    // Any limited update and any update not finite, as words (see `simd::lane_mask`).
    let (mut limited, mut not_finite) = (0u64, 0u64);
    for (&old, &update) in h.iter().zip(h_next.iter()) {
        not_finite |= lane_mask(!update.is_finite());
        // The update is limited where its bound is not the update itself: where it is below
        // `lo` or above `hi`, or NaN, which is where it is not within [lo, hi] (without the
        // selects of `dry_bound`).
        let (lo, hi) = (old * DRY_UPDATE_FACTOR, old * (1.0 / DRY_UPDATE_FACTOR));
        let dry = old < -DRY_LIMIT_FROM_CM;
        limited |= lane_mask(dry & !((update >= lo) & (update <= hi)));
    }
    if limited == 0 {
        // No dry node's update is limited, so every head stays as it is.
        return (false, not_finite == 0);
    }
    for (&old, new) in h.iter().zip(h_next.iter_mut()) {
        let update = *new;
        let (dry, bounded) = dry_bound(old, update);
        *new = if dry { bounded } else { update };
    }
    (true, false)
}

/// Whether a node at head `old` is dry ([`DRY_LIMIT_FROM_CM`]) and its update `update` bounded
/// to a change of suction by at most [`DRY_UPDATE_FACTOR`] either way. Without branches, so
/// that the loops are vectorised: the clamp written as selects (a NaN update stays NaN, as
/// with `f64::clamp`).
#[inline(always)]
fn dry_bound(old: f64, update: f64) -> (bool, f64) {
    let (lo, hi) = (old * DRY_UPDATE_FACTOR, old * (1.0 / DRY_UPDATE_FACTOR));
    let bounded = if update < lo {
        lo
    } else if update > hi {
        hi
    } else {
        update
    };
    (old < -DRY_LIMIT_FROM_CM, bounded)
}

/// Assembles the tridiagonal system of one iteration from the state in `s` (before boundary
/// conditions): the Picard system J (h^{m+1} - h^m) = -F(h^m) of the node balances, written for
/// h^{m+1}, and with `input.newton` the terms of the full Jacobian that Picard leaves out: for
/// the flux q_e = K_e (1 - (h_b - h_a) / dz_e) of each element, (dK_e/dh) (1 - (h_b - h_a) /
/// dz_e), and the slope of the sink (Paniconi & Putti 1994, eq. 9; Lehmann & Ackerer 1998).
///
/// In the AVX2 copy with `AVX2` (for the AVX2 copy of the iteration only, which calls it
/// without asking the processor again each iteration), else in the plain one.
#[inline(always)]
fn assemble<const AVX2: bool>(input: &StepInput<'_>, s: &mut FlowScratch) {
    #[cfg(target_arch = "x86_64")]
    if AVX2 {
        // SAFETY: `AVX2` is set by the iteration's AVX2 copy only, which runs only on a
        // processor with AVX2 and FMA.
        unsafe { assemble_avx2(input, s) };
        return;
    }
    assemble_plain(input, s);
}

/// [`assemble`] in the baseline instruction set.
fn assemble_plain(input: &StepInput<'_>, s: &mut FlowScratch) {
    if input.newton {
        assemble_rows::<true>(input, s);
    } else {
        assemble_rows::<false>(input, s);
    }
}

/// [`assemble`] compiled for AVX2 and FMA, with the same results to the bit (see
/// `column::simd`); call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn assemble_avx2(input: &StepInput<'_>, s: &mut FlowScratch) {
    if input.newton {
        assemble_rows::<true>(input, s);
    } else {
        assemble_rows::<false>(input, s);
    }
}

/// [`assemble`]: each row gets its storage and sink terms, the terms of the element below it
/// and those of the element above it. Each element's terms are computed for both its rows
/// (twice the arithmetic of carrying them from one row to the next, but without a dependence
/// between rows, so that the loop is vectorised); the additions are made in the order of the
/// row-to-row form, so the rows are the same to the bit (unit test). Inlined into a plain and
/// an AVX2 copy.
#[inline(always)]
fn assemble_rows<const NEWTON: bool>(input: &StepInput<'_>, s: &mut FlowScratch) {
    let n = s.h_iter.len();
    let terms = RowTerms::<NEWTON> {
        inv_dt: 1.0 / input.dt_d,
        inv_dz: &input.grid.inv_dz_cm[..n - 1],
        w_old: &input.w_old[..n],
        h: &s.h_iter[..n],
        w: &s.w_iter[..n],
        cap: &s.cap[..n],
        sink: &s.sink[..n],
        dsink: &s.dsink[..n],
        k_elem: &s.k_elem[..n - 1],
        dk_a: &s.dk_elem_a[..n - 1],
        dk_b: &s.dk_elem_b[..n - 1],
    };
    let (a, b, c, d) = (&mut s.a[..n], &mut s.b[..n], &mut s.c[..n], &mut s.d[..n]);
    terms.fill(a, b, c, d);
}

/// What the rows of [`assemble_rows`] are made of.
struct RowTerms<'a, const NEWTON: bool> {
    inv_dt: f64,
    inv_dz: &'a [f64],
    w_old: &'a [f64],
    h: &'a [f64],
    w: &'a [f64],
    cap: &'a [f64],
    sink: &'a [f64],
    dsink: &'a [f64],
    k_elem: &'a [f64],
    dk_a: &'a [f64],
    dk_b: &'a [f64],
}

impl<const NEWTON: bool> RowTerms<'_, NEWTON> {
    /// Fills the rows `a`, `b`, `c`, `d` of all nodes. The rows are passed in as arguments,
    /// not borrowed from the scratch in the same function, so that the compiler knows that
    /// they overlap neither each other nor the arrays of `self` (the arguments of a function
    /// are `noalias`, which survives its inlining) and vectorises the loop without run-time
    /// overlap checks between every row and every input array.
    #[inline(always)]
    fn fill(&self, a: &mut [f64], b: &mut [f64], c: &mut [f64], d: &mut [f64]) {
        let n = self.h.len();
        let (a, b, c, d) = (&mut a[..n], &mut b[..n], &mut c[..n], &mut d[..n]);
        (a[0], b[0], c[0], d[0]) = self.row(0, (0.0, 0.0, 0.0));
        for e in 1..n - 1 {
            (a[e], b[e], c[e], d[e]) = self.row(e, self.lower(e - 1));
        }
        let last = n - 1;
        let (bi, di) = self.node(last);
        let (a_above, b_above, d_above) = self.lower(last - 1);
        a[last] = a_above;
        b[last] = bi + b_above;
        c[last] = 0.0;
        d[last] = di + d_above;
    }

    /// Storage and sink of node `i`: its diagonal and right-hand side.
    #[inline(always)]
    fn node(&self, i: usize) -> (f64, f64) {
        let (h, inv_dt) = (self.h, self.inv_dt);
        let cap_dt = self.cap[i] * inv_dt;
        let mut bi = cap_dt;
        let mut di = cap_dt * h[i] - (self.w[i] - self.w_old[i]) * inv_dt - self.sink[i];
        if NEWTON {
            bi += self.dsink[i];
            di += self.dsink[i] * h[i];
        }
        (bi, di)
    }

    /// The terms of element `e`, whose flux leaves its upper node (row e holds +q_e) and enters
    /// its lower node (row e + 1 holds -q_e): g = K_e / dz_e and K_e, and for Newton ja, jb (the
    /// derivative terms of the heads at its two nodes) and t = ja h_e + jb h_{e+1}.
    #[inline(always)]
    fn element(&self, e: usize) -> (f64, f64, f64, f64, f64) {
        let (h, inv_dz) = (self.h, self.inv_dz);
        let k = self.k_elem[e];
        let g = k * inv_dz[e];
        if NEWTON {
            let gradient = 1.0 - (h[e + 1] - h[e]) * inv_dz[e];
            let ja = self.dk_a[e] * gradient;
            let jb = self.dk_b[e] * gradient;
            (g, k, ja, jb, ja * h[e] + jb * h[e + 1])
        } else {
            (g, k, 0.0, 0.0, 0.0)
        }
    }

    /// Element `e`'s terms in row e + 1: its sub-diagonal, diagonal and right-hand side.
    #[inline(always)]
    fn lower(&self, e: usize) -> (f64, f64, f64) {
        let (g, k, ja, jb, t) = self.element(e);
        if NEWTON {
            (-g - ja, g - jb, k - t)
        } else {
            (-g, g, k)
        }
    }

    /// Row `e` (a, b, c, d) from its node, the element above (`above`, its [`Self::lower`]
    /// terms) and the element below.
    #[inline(always)]
    fn row(&self, e: usize, above: (f64, f64, f64)) -> (f64, f64, f64, f64) {
        let (mut bi, mut di) = self.node(e);
        let (ai, b_above, d_above) = above;
        bi += b_above;
        di += d_above;
        let (g, k, ja, jb, t) = self.element(e);
        let mut ci = -g;
        bi += g;
        di -= k;
        if NEWTON {
            bi += ja;
            ci += jb;
            di += t;
        }
        (ai, bi, ci, di)
    }
}

/// Net flux through the surface (cm/d, positive downward) implied by the current iterate: the
/// prescribed flux, or for a head condition the surface node's balance.
fn top_flux(input: &StepInput<'_>, s: &FlowScratch, top: TopCondition) -> f64 {
    match top {
        TopCondition::Flux(q) => q,
        TopCondition::Head(_) => {
            let h = &s.h_iter;
            // Storage at the current iterate.
            let w0 = s.w_iter[0];
            let q01 = s.k_elem[0] * (1.0 - (h[1] - h[0]) / input.grid.dz_cm[0]);
            (w0 - input.w_old[0]) / input.dt_d + q01 + s.sink[0]
        }
    }
}

/// Element fluxes (cm/d, downward positive) at the accepted heads `h`, consistent with the
/// last linear system solved: with the conductivities of the iterate before, and for a Newton
/// iteration its conductivity-derivative terms, so that every node's balance holds as solved.
/// On a processor with AVX2 and FMA this runs in a copy compiled for them, with the same
/// results to the bit (see `column::simd`).
pub fn element_fluxes(grid: &Grid, h: &[f64], s: &FlowScratch, q: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if super::simd::avx2_fma() {
        // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
        // requirement of calling a function compiled with those target features.
        unsafe { element_fluxes_avx2(grid, h, s, q) };
        return;
    }
    element_fluxes_plain(grid, h, s, q);
}

/// [`element_fluxes`] in the baseline instruction set.
fn element_fluxes_plain(grid: &Grid, h: &[f64], s: &FlowScratch, q: &mut [f64]) {
    if s.newton {
        element_fluxes_kernel::<true>(grid, h, s, q);
    } else {
        element_fluxes_kernel::<false>(grid, h, s, q);
    }
}

/// [`element_fluxes`] compiled for AVX2 and FMA; call only on a processor that has them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn element_fluxes_avx2(grid: &Grid, h: &[f64], s: &FlowScratch, q: &mut [f64]) {
    if s.newton {
        element_fluxes_kernel::<true>(grid, h, s, q);
    } else {
        element_fluxes_kernel::<false>(grid, h, s, q);
    }
}

/// The body of [`element_fluxes`] (`NEWTON`: whether the last iteration was a Newton one),
/// its arrays sliced to the element count first so that the loop has no bounds checks and is
/// vectorised. Inlined into a plain and an AVX2 copy.
#[inline(always)]
fn element_fluxes_kernel<const NEWTON: bool>(
    grid: &Grid,
    h: &[f64],
    s: &FlowScratch,
    q: &mut [f64],
) {
    let m = h.len() - 1;
    // With 1/dz, as the matrix was assembled.
    let inv_dz = &grid.inv_dz_cm[..m];
    let (h_a, h_b) = (&h[..m], &h[1..=m]);
    let (prev_a, prev_b) = (&s.h_prev[..m], &s.h_prev[1..=m]);
    let (k_elem, dk_a, dk_b) = (&s.k_elem[..m], &s.dk_elem_a[..m], &s.dk_elem_b[..m]);
    let q = &mut q[..m];
    for e in 0..m {
        let mut q_e = k_elem[e] * (1.0 - (h_b[e] - h_a[e]) * inv_dz[e]);
        if NEWTON {
            let gradient = 1.0 - (prev_b[e] - prev_a[e]) * inv_dz[e];
            q_e += (dk_a[e] * (h_a[e] - prev_a[e]) + dk_b[e] * (h_b[e] - prev_b[e])) * gradient;
        }
        q[e] = q_e;
    }
}

/// Root water uptake per node (cm/d) at the accepted heads `h`, consistent with the last linear
/// system (see [`element_fluxes`]).
pub fn booked_sink(h: &[f64], s: &FlowScratch, sink: &mut [f64]) {
    let n = h.len();
    let (booked, sink) = (&s.sink[..n], &mut sink[..n]);
    if s.newton {
        let (dsink, h_prev) = (&s.dsink[..n], &s.h_prev[..n]);
        for i in 0..n {
            sink[i] = booked[i] + dsink[i] * (h[i] - h_prev[i]);
        }
    } else {
        sink.copy_from_slice(booked);
    }
}

/// Free-drainage outflow (cm/d) at the accepted bottom head `h_last`, consistent with the last
/// linear system (see [`element_fluxes`]).
pub fn bottom_outflow(s: &FlowScratch, h_last: f64) -> f64 {
    let last = s.h_prev.len() - 1;
    if s.newton {
        s.k_bottom + s.dk_bottom * (h_last - s.h_prev[last])
    } else {
        s.k_bottom
    }
}

/// Moves the head of each node of `nodes` whose storage at the current iterate misses the
/// storage the last linear system solved for, W(h^m) + C(h^m) (h^{m+1} - h^m), by more than the
/// water-content tolerance (over at least the control length), by one Newton step on the
/// storage alone, h <- h - (W(h) - W_lin) / C(h) (bounded to a factor 10 of suction, as
/// [`limit_dry_updates`]), and evaluates it there. Only for an iterate that is not accepted,
/// as the start of the next iteration: the accepted ones stay solutions of their linear
/// system, whose storage is booked.
///
/// Where a wetting front enters dry soil, the linearisation of the storage at the front nodes
/// is poor (the capacity changes by orders of magnitude across the update), and Newton in the
/// head swings their water contents by 0.1-0.2 between iterates; iterating on the storage
/// there, as primary-variable switching does (Forsyth, Wu & Pruess 1995; Diersch & Perrochet
/// 1999, for the mixed form of Celia et al. 1990), damps the swing. On the benchmark year
/// 2 994 -> 2 780 iterations with wetting nodes only (their head rose in the last update),
/// 2 758 -> 2 639 with drying ones too (after a rain onset the first iterate overshoots wet
/// and Newton walks the front nodes back in small steps; on the HYDRUS salt-over-water-table
/// problem 2 178 -> 1 779), the same answers within the tolerances of
/// `tests/time_convergence.rs`. Not near residual water content (a storage that would keep
/// less than half the water above residual), where the booking of the balance needs the heads
/// as they are (`BOOKED_SHARE_ABOVE_RESIDUAL`): moved there too, a year of light irrigations on
/// a dry sand closed its water balance only to 0.06 %. (Drying nodes were left out at first:
/// the `sandy_plain` example's water balance error went from 1.6e-4 % to 1.5e-3 % with them,
/// which was a defect of the attainable-storage check, run after the exchange of arrays; with
/// it fixed, 1.7e-4 %.)
#[inline(always)]
fn move_to_solved_storage(
    soils: &NodeSoils,
    s: &mut FlowScratch,
    nodes: std::ops::Range<usize>,
    tol: &Tolerances,
    grid: &Grid,
) {
    // After the swap, the `_next` arrays and `h_prev` hold the iterate before (h^m) and the
    // others the current one (h^{m+1}).
    // Which nodes to move, in a loop without branches that is vectorised (most iterations
    // move none); then the moves, node by node.
    let (lo, hi) = (nodes.start, nodes.end);
    let (h, h_before) = (&s.h_iter[lo..hi], &s.h_prev[lo..hi]);
    let (w_before, cap_before) = (&s.w_next[lo..hi], &s.cap_next[lo..hi]);
    let (w, cap, least) = (&s.w_iter[lo..hi], &s.cap[lo..hi], &s.least_storage[lo..hi]);
    let volume = &grid.volume_cm[lo..hi];
    let flagged = &mut s.work[lo..hi];
    // Any move, as a word (see `simd::lane_mask`).
    let mut any = 0u64;
    for j in 0..hi - lo {
        let solved = w_before[j] + cap_before[j] * (h[j] - h_before[j]);
        let miss = w[j] - solved;
        let length = if volume[j] > tol.theta_length_cm {
            volume[j]
        } else {
            tol.theta_length_cm
        };
        let moves = (h[j] < 0.0)
            & (h_before[j] < 0.0)
            & (miss.abs() > tol.theta * length)
            & (cap[j] > 0.0)
            & (solved - least[j] >= 0.5 * (w[j] - least[j]));
        // The miss of a node to move, 0 elsewhere (`work` is free until the solve).
        flagged[j] = if moves { miss } else { 0.0 };
        any |= lane_mask(moves);
    }
    if any == 0 {
        return;
    }
    // The moved heads, then their states by one evaluation of the nodes from the first moved
    // to the last: the nodes between that did not move are evaluated again at their heads,
    // which gives the state their arrays hold, to the bit.
    // Eight flags at a time (a node that does not move has +0, so a group without a move
    // has all bits 0), then the nodes of a group that has a move.
    let (mut first, mut last) = (usize::MAX, 0);
    let mut move_node = |s: &mut FlowScratch, i: usize| {
        let miss = s.work[i];
        if miss == 0.0 {
            return;
        }
        let h = s.h_iter[i];
        s.h_iter[i] = (h - miss / s.cap[i]).clamp(DRY_UPDATE_FACTOR * h, h / DRY_UPDATE_FACTOR);
        first = first.min(i);
        last = i;
    };
    let whole = lo + (hi - lo) / 8 * 8;
    for start in (lo..whole).step_by(8) {
        let flags = &s.work[start..start + 8];
        if flags.iter().fold(0, |any, miss| any | miss.to_bits()) == 0 {
            continue;
        }
        for i in start..start + 8 {
            move_node(s, i);
        }
    }
    for i in whole..hi {
        move_node(s, i);
    }
    let h_iter = std::mem::take(&mut s.h_iter);
    evaluate_nodes_range(soils, &h_iter, first..last + 1, s);
    s.h_iter = h_iter;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::simd::{avx2_fma, fixture};

    /// Reference: [`NodeSoils::layer_mean_conductivity`], the integral mean of each element's
    /// tabulated soil with the potentials looked up at its heads (the path the kernel
    /// short-cuts with the node potentials; the two differ by a division against a
    /// multiplication by the reciprocal), tolerance 1e-12 relative; the derivatives in either
    /// head against central differences of that mean (step 1e-4 of the head), tolerance 1e-3
    /// relative of the larger of the two, where both heads are tabulated (elsewhere the mean
    /// comes from an 8-point quadrature too coarse to difference). Where the processor has
    /// AVX2 and FMA, the AVX2 copy gives the plain copy's bits.
    #[test]
    fn element_conductivities_plain_and_avx2_copies_agree_to_the_bit() {
        let (grid, soils) = fixture::column();
        let h = fixture::heads(&grid);
        let n = h.len();
        let mut plain = FlowScratch::new(n);
        evaluate_nodes(&soils, &h, &mut plain);
        #[cfg(target_arch = "x86_64")]
        let before = plain.clone();
        element_conductivities_plain(&soils, &grid, &h, &mut plain, true);
        let (mut worst_k, mut worst_dk, mut differenced) = (0.0f64, 0.0f64, 0);
        for e in 0..n - 1 {
            let layer = grid.element_layer[e];
            let mean = |a: f64, b: f64| soils.layer_mean_conductivity(layer, a, b);
            let (h_a, h_b) = (h[e], h[e + 1]);
            let want = mean(h_a, h_b);
            worst_k = worst_k.max(((plain.k_elem[e] - want) / want).abs());
            let scale = 1.0 + h_a.abs().min(h_b.abs());
            let tabulated = !plain.phi_down[e].is_nan() && !plain.phi_up[e + 1].is_nan();
            if tabulated && (h_b - h_a).abs() > 1e-2 * scale {
                let (da, db) = (1e-4 * (1.0 + h_a.abs()), 1e-4 * (1.0 + h_b.abs()));
                let want_a = (mean(h_a + da, h_b) - mean(h_a - da, h_b)) / (2.0 * da);
                let want_b = (mean(h_a, h_b + db) - mean(h_a, h_b - db)) / (2.0 * db);
                let size = want_a.abs().max(want_b.abs());
                if size > 0.0 {
                    differenced += 1;
                    worst_dk = worst_dk
                        .max((plain.dk_elem_a[e] - want_a).abs() / size)
                        .max((plain.dk_elem_b[e] - want_b).abs() / size);
                }
            }
        }
        assert!(worst_k < 1e-12, "element conductivity off by {worst_k:.2e}");
        assert!(worst_dk < 1e-3, "derivative off by {worst_dk:.2e}");
        assert!(
            differenced > n / 2,
            "{differenced} of {n} elements differenced"
        );
        if avx2_fma() {
            #[cfg(target_arch = "x86_64")]
            {
                let mut avx2 = before;
                // SAFETY: the processor has AVX2 and FMA (checked above).
                unsafe { element_conductivities_avx2(&soils, &grid, &h, &mut avx2, true) };
                for (name, got, want) in [
                    ("K", &avx2.k_elem, &plain.k_elem),
                    ("dK/dh_a", &avx2.dk_elem_a, &plain.dk_elem_a),
                    ("dK/dh_b", &avx2.dk_elem_b, &plain.dk_elem_b),
                ] {
                    for e in 0..n - 1 {
                        assert_eq!(got[e].to_bits(), want[e].to_bits(), "{name} element {e}");
                    }
                }
            }
        }
    }

    /// The element conductivity of [`element_conductivity`] as it was before it took close
    /// heads' conductivity from the table itself: through `NodeSoils::element_conductivity`.
    fn element_conductivity_reference(
        soils: &NodeSoils,
        layer: usize,
        h: [f64; 2],
        phi: [f64; 2],
    ) -> f64 {
        let ([h_a, h_b], [phi_a, phi_b]) = (h, phi);
        let inv_span = 1.0 / (h_b - h_a);
        match &soils.tables[layer] {
            Some(t) if !is_close(h_a, h_b) && !phi_a.is_nan() && !phi_b.is_nan() => {
                let (lo, hi, p_lo, p_hi) = if h_a <= h_b {
                    (h_a, h_b, phi_a, phi_b)
                } else {
                    (h_b, h_a, phi_b, phi_a)
                };
                if lo >= t.air_entry_cm() {
                    t.ks_cm_d()
                } else {
                    (p_hi - p_lo + t.ks_cm_d() * hi.max(0.0)) * inv_span.abs()
                }
            }
            _ => soils.element_conductivity(layer, h_a, h_b, phi_a, phi_b),
        }
    }

    /// Reference: [`element_conductivity_reference`], to the bit, in every layer of the
    /// fixture (both tabulated), for pairs of heads close and not, in either order, equal,
    /// saturated, at the air entry, dry beyond the tables, with and without the node
    /// potentials (NaN where not known) and with a NaN head.
    #[test]
    fn close_heads_take_the_middle_conductivity_to_the_bit() {
        let (grid, soils) = fixture::column();
        let layers = 1 + grid.element_layer.iter().copied().max().unwrap();
        assert!(layers >= 2 && soils.tables.iter().all(Option::is_some));
        let heads = [
            -1.0e9,
            -2.0e6,
            -15000.0,
            -14990.0,
            -300.0,
            -299.9999,
            -100.0,
            -2.0,
            -1.9999,
            -0.5,
            0.0,
            -0.0,
            1e-9,
            3.0,
            f64::NAN,
        ];
        let mut close = 0;
        for layer in 0..layers {
            let t = soils.tables[layer].as_ref().unwrap();
            for &h_a in &heads {
                for &h_b in &heads {
                    close += usize::from(is_close(h_a, h_b));
                    let known = |h: f64| t.potential(h).unwrap_or(f64::NAN);
                    for phi in [
                        [known(h_a), known(h_b)],
                        [f64::NAN; 2],
                        [known(h_a), f64::NAN],
                    ] {
                        let want = element_conductivity_reference(&soils, layer, [h_a, h_b], phi);
                        for got in [
                            element_conductivity::<false>(
                                &soils,
                                layer,
                                ([h_a, h_b], phi, [1.0; 2]),
                            )
                            .0,
                            element_conductivity::<true>(
                                &soils,
                                layer,
                                ([h_a, h_b], phi, [1.0; 2]),
                            )
                            .0,
                        ] {
                            assert_eq!(
                                got.to_bits(),
                                want.to_bits(),
                                "layer {layer}, {h_a} {h_b} {phi:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(close >= 20 * layers, "{close} close pairs");
    }

    /// [`element_conductivities`] as it was before its second pass tested the marks eight at
    /// a time: the same first pass, then every element's mark tested in turn.
    fn element_conductivities_reference<const DERIVATIVES: bool>(
        soils: &NodeSoils,
        grid: &Grid,
        h: &[f64],
        s: &mut FlowScratch,
    ) {
        let n = h.len();
        let (h_up, h_low) = (&h[..n - 1], &h[1..n]);
        let (phi_down, phi_up) = (&s.phi_down[..n - 1], &s.phi_up[1..n]);
        let (k_down, k_up) = (&s.k_down[..n - 1], &s.k_up[1..n]);
        let inputs = ElementInputs {
            h_up,
            h_low,
            phi_down,
            phi_up,
            k_down,
            k_up,
            ks: &soils.element_ks_cm_d[..n - 1],
            air_entry: &soils.element_air_entry_cm[..n - 1],
        };
        let (k_elem, dk_a, dk_b) = (&mut s.k_elem, &mut s.dk_elem_a, &mut s.dk_elem_b);
        let irregular_elements = &mut s.irregular_elements;
        if !inputs.first_pass::<DERIVATIVES>(k_elem, dk_a, dk_b, irregular_elements) {
            return;
        }
        for e in 0..n - 1 {
            if irregular_elements[e] != 0 {
                let layer = grid.element_layer[e];
                let nodes = (
                    [h_up[e], h_low[e]],
                    [phi_down[e], phi_up[e]],
                    [k_down[e], k_up[e]],
                );
                let (k_e, dk) = element_conductivity::<DERIVATIVES>(soils, layer, nodes);
                k_elem[e] = k_e;
                if DERIVATIVES {
                    (dk_a[e], dk_b[e]) = dk;
                }
            }
        }
    }

    /// Reference: [`element_conductivities_reference`], the second pass testing every mark in
    /// turn, to the bit, with and without derivatives, in the plain and (where the processor
    /// has them) the AVX2 copy, for the fixture's heads as they are and with elements of equal
    /// heads (which the second pass redoes) in one group of eight marks, in several (the first
    /// and last of a group among them) and in the elements after the last whole group.
    #[test]
    fn second_conductivity_pass_gives_the_old_bits() {
        let (grid, soils) = fixture::column();
        let base = fixture::heads(&grid);
        let n = base.len();
        let m = n - 1;
        assert!(!m.is_multiple_of(8) && m > 32, "{m} elements");
        let equal_sets: [&[usize]; 4] = [&[], &[9], &[0, 7, 8, 23, 24], &[3, m - 2, m - 1]];
        for equal in equal_sets {
            let mut h = base.clone();
            // In increasing order, so that a run of equal elements stays equal.
            for &e in equal {
                h[e + 1] = h[e];
            }
            let mut fresh = FlowScratch::new(n);
            evaluate_nodes(&soils, &h, &mut fresh);
            for derivatives in [false, true] {
                let mut want = fresh.clone();
                if derivatives {
                    element_conductivities_reference::<true>(&soils, &grid, &h, &mut want);
                } else {
                    element_conductivities_reference::<false>(&soils, &grid, &h, &mut want);
                }
                for &e in equal {
                    assert!(want.irregular_elements[e] != 0, "element {e} not redone");
                }
                let mut copies = vec![fresh.clone()];
                element_conductivities_plain(&soils, &grid, &h, &mut copies[0], derivatives);
                #[cfg(target_arch = "x86_64")]
                if avx2_fma() {
                    let mut avx2 = fresh.clone();
                    // SAFETY: the processor has AVX2 and FMA (checked just above).
                    unsafe {
                        element_conductivities_avx2(&soils, &grid, &h, &mut avx2, derivatives)
                    };
                    copies.push(avx2);
                }
                for got in &copies {
                    for (name, got, want) in [
                        ("K", &got.k_elem, &want.k_elem),
                        ("dK/dh_a", &got.dk_elem_a, &want.dk_elem_a),
                        ("dK/dh_b", &got.dk_elem_b, &want.dk_elem_b),
                    ] {
                        let bits = |x: &Vec<f64>| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(got), bits(want), "{name}, equal heads at {equal:?}");
                    }
                }
            }
        }
    }

    /// A dry node whose first Newton update drives its suction a thousandfold: the linearised
    /// storage, W + C dh with the capacity of the wetter head, falls below the least storage
    /// the node can hold (residual water content times its volume), and the iterate must not
    /// be booked; a small update keeps it attainable.
    #[test]
    fn linearised_storage_below_residual_is_not_attainable() {
        let (grid, soils) = fixture::column();
        let h = fixture::heads(&grid);
        let n = h.len();
        let mut s = FlowScratch::new(n);
        let node = n / 2;
        let mut h_now = h.clone();
        h_now[node] = -2.0e3;
        s.h_iter.copy_from_slice(&h_now);
        evaluate_nodes(&soils, &h_now, &mut s);
        let least = soils.theta_r(node) * grid.volume_cm[node];
        // Small update: attainable.
        s.d.copy_from_slice(&h_now);
        s.d[node] = -2.1e3;
        evaluate_next(&soils, &mut s);
        fill_least_storage(&mut s, &soils, &grid);
        assert!(linearised_storage_attainable(&s));
        // A thousandfold suction: the linearisation goes below residual.
        s.d[node] = -2.0e6;
        evaluate_next(&soils, &mut s);
        let linearised = s.w_iter[node] + s.cap[node] * (s.d[node] - s.h_iter[node]);
        assert!(linearised < least, "{linearised} >= {least}");
        assert!(!linearised_storage_attainable(&s));
    }

    /// A node whose storage at the new iterate misses the solved (linearised) storage by far
    /// is moved by one Newton step on its storage: its miss shrinks (by at least a quarter),
    /// its head moves toward the solved storage (no further than a factor 10 of suction), its
    /// state is that of its new head, and the other nodes are left as they were. Returns the
    /// moved head.
    fn move_one_node(h_m_node: f64, h_now_node: f64) -> f64 {
        let (grid, soils) = fixture::column();
        let h_before = fixture::heads(&grid);
        let n = h_before.len();
        let node = n / 2;
        let mut s = FlowScratch::new(n);
        // The iterate before, h^m, its state in the `_next` arrays (as after the swap).
        let mut h_m = h_before.clone();
        h_m[node] = h_m_node;
        s.d.copy_from_slice(&h_m);
        evaluate_next(&soils, &mut s);
        s.h_prev.copy_from_slice(&h_m);
        // The current iterate, its state in the current arrays.
        let mut h_now = h_m.clone();
        h_now[node] = h_now_node;
        s.h_iter.copy_from_slice(&h_now);
        evaluate_nodes(&soils, &h_now, &mut s);
        fill_least_storage(&mut s, &soils, &grid);
        let tol = Tolerances {
            theta: 1e-4,
            theta_length_cm: 1.0,
            ..Tolerances::default()
        };
        let solved = s.w_next[node] + s.cap_next[node] * (h_now[node] - h_m[node]);
        let miss_before = s.w_iter[node] - solved;
        assert!(miss_before.abs() > tol.theta * grid.volume_cm[node].max(1.0));
        let others = s.h_iter.clone();
        move_to_solved_storage(&soils, &mut s, 0..n, &tol, &grid);
        let moved = s.h_iter[node];
        // Too much water at the new head: drier; too little: wetter.
        let toward = if miss_before > 0.0 {
            moved < h_now[node] && moved >= 10.0 * h_now[node]
        } else {
            moved > h_now[node] && moved <= 0.1 * h_now[node]
        };
        assert!(toward, "moved from {} to {moved}", h_now[node]);
        let miss_after = (s.w_iter[node] - solved).abs();
        assert!(
            miss_after < 0.75 * miss_before.abs(),
            "{miss_after} vs {miss_before}"
        );
        let at_moved = soils.evaluate(node, moved);
        assert_eq!(s.w_iter[node], at_moved.storage_cm);
        assert_eq!(s.cap[node], at_moved.capacity);
        for i in (0..n).filter(|&i| i != node) {
            assert_eq!(s.h_iter[i], others[i], "node {i} moved");
        }
        moved
    }

    /// [`move_to_solved_storage`] as it was before its moves tested the flags eight at a
    /// time: every node's flag in turn.
    fn move_to_solved_storage_reference(
        soils: &NodeSoils,
        s: &mut FlowScratch,
        nodes: std::ops::Range<usize>,
        tol: &Tolerances,
        grid: &Grid,
    ) {
        // After the swap, the `_next` arrays and `h_prev` hold the iterate before (h^m) and the
        // others the current one (h^{m+1}).
        // Which nodes to move, in a loop without branches that is vectorised (most iterations
        // move none); then the moves, node by node.
        let (lo, hi) = (nodes.start, nodes.end);
        let (h, h_before) = (&s.h_iter[lo..hi], &s.h_prev[lo..hi]);
        let (w_before, cap_before) = (&s.w_next[lo..hi], &s.cap_next[lo..hi]);
        let (w, cap, least) = (&s.w_iter[lo..hi], &s.cap[lo..hi], &s.least_storage[lo..hi]);
        let volume = &grid.volume_cm[lo..hi];
        let flagged = &mut s.work[lo..hi];
        let mut any = false;
        for j in 0..hi - lo {
            let solved = w_before[j] + cap_before[j] * (h[j] - h_before[j]);
            let miss = w[j] - solved;
            let length = if volume[j] > tol.theta_length_cm {
                volume[j]
            } else {
                tol.theta_length_cm
            };
            let moves = (h[j] < 0.0)
                & (h_before[j] < 0.0)
                & (miss.abs() > tol.theta * length)
                & (cap[j] > 0.0)
                & (solved - least[j] >= 0.5 * (w[j] - least[j]));
            // The miss of a node to move, 0 elsewhere (`work` is free until the solve).
            flagged[j] = if moves { miss } else { 0.0 };
            any |= moves;
        }
        if !any {
            return;
        }
        // The moved heads, then their states by one evaluation of the nodes from the first moved
        // to the last: the nodes between that did not move are evaluated again at their heads,
        // which gives the state their arrays hold, to the bit.
        let (mut first, mut last) = (usize::MAX, 0);
        for i in nodes {
            let miss = s.work[i];
            if miss == 0.0 {
                continue;
            }
            let h = s.h_iter[i];
            s.h_iter[i] = (h - miss / s.cap[i]).clamp(DRY_UPDATE_FACTOR * h, h / DRY_UPDATE_FACTOR);
            first = first.min(i);
            last = i;
        }
        let h_iter = std::mem::take(&mut s.h_iter);
        evaluate_nodes_range(soils, &h_iter, first..last + 1, s);
        s.h_iter = h_iter;
    }

    /// Reference: [`move_to_solved_storage_reference`], to the bit (every head and every
    /// state array), for nodes that move in no group of eight flags, in one, in several (the
    /// first and last node of a group among them) and after the last whole group, over all the
    /// nodes and over a range that starts inside a group.
    #[test]
    fn moves_to_the_solved_storage_give_the_old_bits() {
        let (grid, soils) = fixture::column();
        let h_before = fixture::heads(&grid);
        let n = h_before.len();
        // The range 3..end ends in nodes after its last whole group of eight, whatever the
        // fixture grid's node count.
        assert!(n > 40, "{n} nodes");
        let end = if (n - 4).is_multiple_of(8) {
            n - 2
        } else {
            n - 1
        };
        let tol = Tolerances {
            theta: 1e-4,
            theta_length_cm: 1.0,
            ..Tolerances::default()
        };
        // Nodes below the fixture's dry top (from node 54 on) that move when wetted so.
        let sets: [&[usize]; 4] = [&[], &[60], &[64, 71, 72, 89, 90], &[60, n - 3, n - 1]];
        for moving in sets {
            let mut s = FlowScratch::new(n);
            // The iterate before, h^m, its state in the `_next` arrays (as after the swap),
            // and the current one, wetted from -3000 cm to -30 cm at the moving nodes.
            let mut h_m = h_before.clone();
            let mut h_now = h_before.clone();
            for &i in moving {
                (h_m[i], h_now[i]) = (-3.0e3, -30.0);
            }
            s.d.copy_from_slice(&h_m);
            evaluate_next(&soils, &mut s);
            s.h_prev.copy_from_slice(&h_m);
            s.h_iter.copy_from_slice(&h_now);
            evaluate_nodes(&soils, &h_now, &mut s);
            fill_least_storage(&mut s, &soils, &grid);
            for nodes in [0..n, 3..end] {
                let mut want = s.clone();
                move_to_solved_storage_reference(&soils, &mut want, nodes.clone(), &tol, &grid);
                let mut got = s.clone();
                move_to_solved_storage(&soils, &mut got, nodes.clone(), &tol, &grid);
                let moved = (0..n).filter(|&i| want.h_iter[i] != h_now[i]).count();
                let inside = moving.iter().filter(|&&i| nodes.contains(&i)).count();
                assert_eq!(moved, inside, "{moving:?} in {nodes:?}");
                let bits = |x: &FlowScratch| -> Vec<u64> {
                    [
                        &x.h_iter,
                        &x.w_iter,
                        &x.cap,
                        &x.phi_up,
                        &x.phi_down,
                        &x.k_up,
                        &x.k_down,
                    ]
                    .iter()
                    .flat_map(|v| v.iter().map(|f| f.to_bits()))
                    .collect()
                };
                assert_eq!(bits(&got), bits(&want), "{moving:?} in {nodes:?}");
            }
        }
    }

    /// A node wetted from -3000 cm to -30 cm, far beyond what the capacity at -3000 cm
    /// linearises (a front entering dry soil), is moved back toward drier heads.
    #[test]
    fn a_wetting_node_that_missed_its_storage_is_moved_toward_the_solved_one() {
        let moved = move_one_node(-3.0e3, -30.0);
        assert!(moved < -30.0);
    }

    /// A node dried from -30 cm to -300 cm (the overshoot of a wet first iterate walked back),
    /// whose storage there misses what the capacity at -30 cm linearises, is moved too.
    #[test]
    fn a_drying_node_that_missed_its_storage_is_moved_toward_the_solved_one() {
        move_one_node(-30.0, -300.0);
    }

    /// The row-to-row form of [`assemble_rows`] that it replaced: each element's terms
    /// computed once and carried into the row below.
    fn assemble_rows_carried<const NEWTON: bool>(input: &StepInput<'_>, s: &mut FlowScratch) {
        let n = s.h_iter.len();
        let inv_dt = 1.0 / input.dt_d;
        let inv_dz = &input.grid.inv_dz_cm[..n - 1];
        let w_old = &input.w_old[..n];
        let (h, w, cap) = (&s.h_iter[..n], &s.w_iter[..n], &s.cap[..n]);
        let (sink, dsink) = (&s.sink[..n], &s.dsink[..n]);
        let k_elem = &s.k_elem[..n - 1];
        let (dk_a, dk_b) = (&s.dk_elem_a[..n - 1], &s.dk_elem_b[..n - 1]);
        let (a, b, c, d) = (&mut s.a[..n], &mut s.b[..n], &mut s.c[..n], &mut s.d[..n]);
        // Storage and sink of node i.
        let node = |i: usize| {
            let cap_dt = cap[i] * inv_dt;
            let mut bi = cap_dt;
            let mut di = cap_dt * h[i] - (w[i] - w_old[i]) * inv_dt - sink[i];
            if NEWTON {
                bi += dsink[i];
                di += dsink[i] * h[i];
            }
            (bi, di)
        };
        // Each element's flux leaves its upper node (row e holds +q_e) and enters its lower node
        // (row e + 1 holds -q_e): the terms of element e in rows e and e + 1.
        let (mut a_carry, mut b_carry, mut d_carry) = (0.0, 0.0, 0.0);
        for e in 0..n - 1 {
            let (mut bi, mut di) = node(e);
            bi += b_carry;
            di += d_carry;
            a[e] = a_carry;
            let k = k_elem[e];
            let g = k * inv_dz[e];
            let mut ci = -g;
            bi += g;
            di -= k;
            a_carry = -g;
            b_carry = g;
            d_carry = k;
            if NEWTON {
                let gradient = 1.0 - (h[e + 1] - h[e]) * inv_dz[e];
                let ja = dk_a[e] * gradient;
                let jb = dk_b[e] * gradient;
                let t = ja * h[e] + jb * h[e + 1];
                bi += ja;
                ci += jb;
                di += t;
                a_carry -= ja;
                b_carry -= jb;
                d_carry -= t;
            }
            b[e] = bi;
            c[e] = ci;
            d[e] = di;
        }
        let last = n - 1;
        let (bi, di) = node(last);
        a[last] = a_carry;
        b[last] = bi + b_carry;
        c[last] = 0.0;
        d[last] = di + d_carry;
    }

    /// Reference: the row-to-row form above ([`assemble_rows_carried`]), to the bit, for a
    /// Picard and a Newton matrix of the fixture's column with a root sink; where the
    /// processor has AVX2 and FMA, the AVX2 copy gives the plain copy's bits.
    #[test]
    fn assemble_plain_and_avx2_copies_agree_to_the_bit() {
        let (grid, soils) = fixture::column();
        let h = fixture::heads(&grid);
        let n = h.len();
        let mut s = FlowScratch::new(n);
        evaluate_nodes(&soils, &h, &mut s);
        element_conductivities_plain(&soils, &grid, &h, &mut s, true);
        s.h_iter.copy_from_slice(&h);
        for (i, &z) in grid.z_cm.iter().enumerate() {
            s.sink[i] = if z < 60.0 {
                0.01 * (-z / 30.0).exp()
            } else {
                0.0
            };
            s.dsink[i] = 1e-4 * s.sink[i];
        }
        // The storage at the start of the step: 1 % more water than now.
        let w_old: Vec<f64> = s.w_iter.iter().map(|w| 1.01 * w).collect();
        for newton in [false, true] {
            let input = StepInput {
                grid: &grid,
                soils: &soils,
                h_old: &h,
                h_guess: None,
                w_old: &w_old,
                sink_cm_d: &s.sink.clone(),
                uptake: None,
                dt_d: 0.01,
                bottom: BottomCondition::FreeDrainage,
                tol: Tolerances::default(),
                relax_on_stall: false,
                newton,
                limit_dry_updates: false,
                accept_by_contraction: false,
            };
            let mut want = s.clone();
            if newton {
                assemble_rows_carried::<true>(&input, &mut want);
            } else {
                assemble_rows_carried::<false>(&input, &mut want);
            }
            let mut plain = s.clone();
            assemble_plain(&input, &mut plain);
            let rows = |x: &FlowScratch| -> Vec<u64> {
                [&x.a, &x.b, &x.c, &x.d]
                    .iter()
                    .flat_map(|v| v.iter().map(|f| f.to_bits()))
                    .collect()
            };
            assert_eq!(rows(&plain), rows(&want), "newton {newton}");
            assert!(want.b.iter().all(|&b| b > 0.0));
            if avx2_fma() {
                #[cfg(target_arch = "x86_64")]
                {
                    let mut avx2 = s.clone();
                    // SAFETY: the processor has AVX2 and FMA (checked above).
                    unsafe { assemble_avx2(&input, &mut avx2) };
                    assert_eq!(rows(&avx2), rows(&plain), "newton {newton}");
                }
            }
        }
    }

    /// [`update_sink`] as it was before it stopped at the last rooted node: the Feddes
    /// function at every node, 0 where the node has no potential uptake.
    fn update_sink_reference(input: &StepInput<'_>, h: &[f64], s: &mut FlowScratch) {
        let u = input.uptake.as_ref().expect("uptake at the iterate");
        let feddes = FeddesLines::new(u.feddes, u.tp_cm_d);
        for (i, &p) in u.unstressed_cm_d.iter().enumerate() {
            let (alpha, slope) = feddes.alpha_and_slope(h[i]);
            let rooted = p > 0.0;
            s.sink[i] = if rooted { alpha * p } else { 0.0 };
            s.dsink[i] = if rooted { slope * p } else { 0.0 };
        }
    }

    /// [`update_sink`] compiled for AVX2 and FMA, as inlined into the iteration's AVX2 copy.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn update_sink_avx2(input: &StepInput<'_>, h: &[f64], s: &mut FlowScratch, end: usize) {
        update_sink(input, h, s, end);
    }

    /// Reference: [`update_sink_reference`], to the bit, against [`clear_unrooted_sink`] and
    /// then [`update_sink`] (twice, as two iterations) at the [`rooted_end`] of potential
    /// uptakes rooted at the top only, with gaps (0 and NaN) inside the root zone, rooted at
    /// the bottom node, and nowhere; the heads span every line of the Feddes function (wetter
    /// than h1, h1 to h2, h2 to h3, h3 to h4, drier than h4). The scratch starts from stale
    /// values, which every node's sink and slope must overwrite; where the processor has AVX2
    /// and FMA, its copy gives the same bits.
    #[test]
    fn sink_stopping_at_the_last_rooted_node_gives_the_old_bits() {
        let n = 60;
        let feddes = Feddes {
            h1_cm: -10.0,
            h2_cm: -25.0,
            h3_high_cm: -200.0,
            h3_low_cm: -800.0,
            h4_cm: -8000.0,
            tp_high_cm_d: 0.5,
            tp_low_cm_d: 0.1,
        };
        // From +5 cm to about -12 000 cm and back toward wet at the bottom.
        let h: Vec<f64> = (0..n)
            .map(|i| {
                let x = i as f64;
                5.0 - 1.2f64.powf(x.min(52.0)) + if i > 52 { 9.0e3 } else { 0.0 }
            })
            .collect();
        assert!(h.iter().any(|&x| x > -10.0) && h.iter().any(|&x| x < -8000.0));
        let top: Vec<f64> = (0..n).map(|i| if i < 20 { 0.01 } else { 0.0 }).collect();
        let mut gaps = top.clone();
        (gaps[3], gaps[11], gaps[30]) = (0.0, f64::NAN, 0.002);
        let bottom: Vec<f64> = (0..n)
            .map(|i| if i == n - 1 { 0.003 } else { 0.0 })
            .collect();
        let cases = [(top, 20), (gaps, 31), (bottom, n), (vec![0.0; n], 0)];
        let (grid, soils) = fixture::column();
        for (unstressed, want_end) in cases {
            let end = rooted_end(&unstressed);
            assert_eq!(end, want_end);
            let input = StepInput {
                grid: &grid,
                soils: &soils,
                h_old: &h,
                h_guess: None,
                w_old: &h,
                sink_cm_d: &h,
                uptake: Some(IterateUptake {
                    unstressed_cm_d: &unstressed,
                    feddes: &feddes,
                    tp_cm_d: 0.3,
                }),
                dt_d: 0.01,
                bottom: BottomCondition::FreeDrainage,
                tol: Tolerances::default(),
                relax_on_stall: false,
                newton: true,
                limit_dry_updates: false,
                accept_by_contraction: false,
            };
            let mut stale = FlowScratch::new(n);
            stale.sink.fill(7.0);
            stale.dsink.fill(-7.0);
            let mut want = stale.clone();
            update_sink_reference(&input, &h, &mut want);
            let bits = |x: &FlowScratch| -> Vec<u64> {
                x.sink.iter().chain(&x.dsink).map(|v| v.to_bits()).collect()
            };
            let mut got = stale.clone();
            clear_unrooted_sink(&mut got, end, n);
            update_sink(&input, &h, &mut got, end);
            // A second iteration's update, over the first's values.
            update_sink(&input, &h, &mut got, end);
            assert_eq!(bits(&got), bits(&want), "rooted to {end}");
            #[cfg(target_arch = "x86_64")]
            if avx2_fma() {
                let mut got = stale.clone();
                clear_unrooted_sink(&mut got, end, n);
                // SAFETY: the processor has AVX2 and FMA (checked just above).
                unsafe { update_sink_avx2(&input, &h, &mut got, end) };
                assert_eq!(bits(&got), bits(&want), "AVX2, rooted to {end}");
            }
        }
    }

    /// Reference: the node-by-node loop that [`IterateChanges::largest`] replaced (each
    /// largest change and its first node kept as the nodes are visited), to the bit, on two
    /// iterates of the fixture's column (heads 0.1 % and 0.05 cm apart, so that nodes fail each
    /// test); where the processor has AVX2 and FMA, the AVX2 copy gives the plain copy's bits.
    #[test]
    fn convergence_test_plain_and_avx2_copies_agree_to_the_bit() {
        let (grid, soils) = fixture::column();
        let h_now = fixture::heads(&grid);
        let n = h_now.len();
        let h_next: Vec<f64> = h_now.iter().map(|h| 1.001 * h + 0.05).collect();
        let mut now = FlowScratch::new(n);
        evaluate_nodes(&soils, &h_now, &mut now);
        let mut next = FlowScratch::new(n);
        evaluate_nodes(&soils, &h_next, &mut next);
        let changes = IterateChanges {
            h_next: &h_next,
            h_now: &h_now,
            w_next: &next.w_iter,
            w_now: &now.w_iter,
            cap: &now.cap,
            volume: &grid.volume_cm,
            inv_volume: &grid.inv_volume_cm,
            tol_theta: 1e-5,
            tol_head: 0.01,
            theta_length_cm: 0.0,
        };
        let mut want_fails = false;
        let mut want = [(0usize, 0.0f64); 3];
        for i in 0..n {
            let (fails, x) = changes.node(i);
            want_fails |= fails;
            for j in 0..3 {
                if x[j] > want[j].1 {
                    want[j] = (i, x[j]);
                }
            }
        }
        assert!(want_fails && want.iter().all(|&(_, x)| x > 0.0), "{want:?}");
        // The largest relative change as a separate loop over the nodes took it (a running
        // maximum of doubles).
        let (inv_length, inv_tol_theta, inv_tol_head) = (1.0 / 0.0, 1.0 / 1e-5, 1.0 / 0.01);
        let mut want_relative: f64 = 0.0;
        for i in 0..n {
            let dw = (next.w_iter[i] - now.w_iter[i]).abs()
                * grid.inv_volume_cm[i].min(inv_length)
                * inv_tol_theta;
            let dh = if h_next[i] >= 0.0 || h_now[i] >= 0.0 {
                (h_next[i] - h_now[i]).abs() * inv_tol_head
            } else {
                0.0
            };
            want_relative = want_relative.max(dw.max(dh));
        }
        assert!(want_relative > 0.0);
        let mut copies = vec![changes.largest_plain(true), changes.largest_plain(false)];
        if avx2_fma() {
            #[cfg(target_arch = "x86_64")]
            {
                // SAFETY: the processor has AVX2 and FMA (checked above).
                copies.extend(unsafe { [changes.largest_avx2(true), changes.largest_avx2(false)] });
            }
        }
        for (k, (fails, largest, relative)) in copies.into_iter().enumerate() {
            assert_eq!(fails, want_fails);
            assert_eq!(largest.map(f64::to_bits), want.map(|w| w.1.to_bits()));
            assert_eq!(changes.nodes_of(largest), want.map(|w| w.0));
            let want_relative = if k % 2 == 0 { want_relative } else { 0.0 };
            assert_eq!(relative.to_bits(), want_relative.to_bits());
        }
    }

    /// A failing node whose change of water content is NaN (its storage at the new heads is
    /// NaN) is passed over by the maxima of every copy of the convergence test, as by a
    /// running maximum over the nodes: the fast pass on the bits as they are sees a positive
    /// NaN and the pass that passes over NaN is taken.
    #[test]
    fn convergence_test_passes_over_a_nan_change() {
        let (grid, soils) = fixture::column();
        let h_now = fixture::heads(&grid);
        let n = h_now.len();
        let h_next: Vec<f64> = h_now.iter().map(|h| 1.001 * h + 0.05).collect();
        let mut now = FlowScratch::new(n);
        evaluate_nodes(&soils, &h_now, &mut now);
        let mut next = FlowScratch::new(n);
        evaluate_nodes(&soils, &h_next, &mut next);
        // The bottom node is saturated (h = 50 cm) and fails on its change of head (0.1 cm).
        next.w_iter[n - 1] = f64::NAN;
        let changes = IterateChanges {
            h_next: &h_next,
            h_now: &h_now,
            w_next: &next.w_iter,
            w_now: &now.w_iter,
            cap: &now.cap,
            volume: &grid.volume_cm,
            inv_volume: &grid.inv_volume_cm,
            tol_theta: 1e-5,
            tol_head: 0.01,
            theta_length_cm: 0.0,
        };
        let (fails, at_bottom) = changes.node(n - 1);
        assert!(
            fails && at_bottom[0].is_nan() && at_bottom[1].is_nan(),
            "{at_bottom:?}"
        );
        let mut want = [0.0f64; 3];
        for i in 0..n {
            let x = changes.node(i).1;
            for j in 0..3 {
                if x[j] > want[j] {
                    want[j] = x[j];
                }
            }
        }
        assert!(want.iter().all(|&x| x > 0.0), "{want:?}");
        let mut copies = vec![changes.largest_plain(false)];
        if avx2_fma() {
            #[cfg(target_arch = "x86_64")]
            {
                // SAFETY: the processor has AVX2 and FMA (checked above).
                copies.push(unsafe { changes.largest_avx2(false) });
            }
        }
        for (fails, largest, _) in copies {
            assert!(fails);
            assert_eq!(largest.map(f64::to_bits), want.map(f64::to_bits));
        }
    }

    /// Reference: `f64::powf` of max(contraction, floor) taken afresh, to the bit, over a
    /// sequence of contractions that repeat, change, fall below the floor and are NaN, from a
    /// fresh and from a default scratch.
    #[test]
    fn first_iterate_rate_is_the_power_taken_afresh() {
        let contractions = [
            f64::NAN,
            0.3,
            0.3,
            1e-5,
            2e-5,
            0.3,
            0.7,
            0.7,
            f64::NAN,
            1.5,
            0.0,
            -0.0,
            1e-3,
        ];
        for mut s in [FlowScratch::new(3), FlowScratch::default()] {
            for &c in &contractions {
                s.contraction = c;
                let want = c.max(FIRST_ITERATE_RATE_FLOOR).powf(0.8);
                assert_eq!(s.first_iterate_rate().to_bits(), want.to_bits(), "{c}");
            }
        }
    }

    /// Reference: the ranges written out by hand. The nodes from the first to the last whose
    /// heads differ to the bit: a zero of the other sign counts as a change, equal heads
    /// between two changes are inside the range, and no change gives an empty range.
    #[test]
    fn changed_nodes_spans_the_first_to_the_last_differing_head() {
        let a = [-100.0, -50.0, -10.0, -1.0, 0.0, 5.0];
        let mut b = a;
        assert_eq!(changed_nodes(&a, &b), 0..0);
        b[1] = -49.0;
        assert_eq!(changed_nodes(&a, &b), 1..2);
        b[3] = -0.5;
        assert_eq!(changed_nodes(&a, &b), 1..4);
        b[4] = -0.0;
        assert_eq!(changed_nodes(&a, &b), 1..5);
        b[0] = -101.0;
        b[5] = 6.0;
        assert_eq!(changed_nodes(&a, &b), 0..6);
    }

    /// Reference: [`NodeSoils::evaluate`] at each moved node's new head (the general path,
    /// node by node, as the moves were evaluated before) and [`evaluate_nodes`] at the new
    /// heads. Three nodes a few apart, each missing its solved storage (two wetted far, one dried
    /// far), are moved; the state arrays then hold, at every node, to the bit, the full
    /// evaluation at the new heads (the nodes between the moved ones are evaluated again at
    /// heads that did not change), and only the three heads changed.
    #[test]
    fn moved_nodes_hold_the_state_of_their_new_heads_at_every_node() {
        let (grid, soils) = fixture::column();
        let h_before = fixture::heads(&grid);
        let n = h_before.len();
        let moves = [
            (n / 2 - 6, -3.0e3, -30.0),
            (n / 2, -30.0, -300.0),
            (n / 2 + 5, -3.0e3, -30.0),
        ];
        let mut s = FlowScratch::new(n);
        let mut h_m = h_before.clone();
        let mut h_now = h_before.clone();
        for &(node, m, now) in &moves {
            h_m[node] = m;
            h_now[node] = now;
        }
        s.d.copy_from_slice(&h_m);
        evaluate_next(&soils, &mut s);
        s.h_prev.copy_from_slice(&h_m);
        s.h_iter.copy_from_slice(&h_now);
        evaluate_nodes(&soils, &h_now, &mut s);
        fill_least_storage(&mut s, &soils, &grid);
        let tol = Tolerances {
            theta: 1e-4,
            theta_length_cm: 1.0,
            ..Tolerances::default()
        };
        move_to_solved_storage(&soils, &mut s, 0..n, &tol, &grid);
        for (i, &h_was) in h_now.iter().enumerate() {
            let moved = moves.iter().any(|&(node, _, _)| node == i);
            assert_eq!(s.h_iter[i] != h_was, moved, "node {i}");
            if moved {
                let st = soils.evaluate(i, s.h_iter[i]);
                assert_eq!(s.w_iter[i].to_bits(), st.storage_cm.to_bits(), "node {i}");
                assert_eq!(s.cap[i].to_bits(), st.capacity.to_bits(), "node {i}");
                assert_eq!(s.k_down[i].to_bits(), st.k_below.to_bits(), "node {i}");
            }
        }
        let mut full = FlowScratch::new(n);
        evaluate_nodes(&soils, &s.h_iter, &mut full);
        let bits = |s: &FlowScratch| -> Vec<Vec<u64>> {
            [
                &s.w_iter,
                &s.cap,
                &s.phi_up,
                &s.phi_down,
                &s.k_up,
                &s.k_down,
            ]
            .iter()
            .map(|f| f.iter().map(|x| x.to_bits()).collect())
            .collect()
        };
        assert!(bits(&s) == bits(&full));
    }

    /// Heads and updates that reach every case of the limiter and of the close test:
    /// dry, wet and at the dry limit; updates inside, on and beyond the bounds; zeros of
    /// either sign, infinities and NaN.
    fn head_pairs() -> Vec<(f64, f64)> {
        let heads = [
            -15_000.0,
            -100.0,
            -10.000_000_1,
            -10.0,
            -3.0,
            -0.0,
            0.0,
            2.5,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NAN,
        ];
        let mut pairs = Vec::new();
        for &old in &heads {
            let mut updates = heads.to_vec();
            for factor in [
                10.0,
                10.000_001,
                9.999_999,
                0.1,
                0.099_999_9,
                0.100_000_1,
                1.0005,
            ] {
                updates.push(old * factor);
            }
            pairs.extend(updates.into_iter().map(|u| (old, u)));
        }
        pairs
    }

    /// Reference: the limiter as one pass that stores every head (before the pass that only
    /// asks whether any update is limited), to the bit, on every pair of [`head_pairs`],
    /// one node at a time, all in one column, and the wet ones in one column.
    #[test]
    fn limiter_gives_the_old_bits() {
        fn reference(h: &[f64], h_next: &mut [f64]) -> bool {
            let mut limited = false;
            for (&old, new) in h.iter().zip(h_next.iter_mut()) {
                let (lo, hi) = (old * DRY_UPDATE_FACTOR, old * (1.0 / DRY_UPDATE_FACTOR));
                let update = *new;
                let bounded = if update < lo {
                    lo
                } else if update > hi {
                    hi
                } else {
                    update
                };
                let dry = old < -DRY_LIMIT_FROM_CM;
                limited |= dry & (bounded != update);
                *new = if dry { bounded } else { update };
            }
            limited
        }
        let pairs = head_pairs();
        let mut limited_any = 0;
        let columns = pairs.iter().map(|&p| vec![p]).chain([
            pairs.clone(),
            pairs.iter().filter(|p| p.0 >= -10.0).copied().collect(),
        ]);
        for column in columns {
            let h: Vec<f64> = column.iter().map(|p| p.0).collect();
            let updates: Vec<f64> = column.iter().map(|p| p.1).collect();
            let mut want = updates.clone();
            let want_limited = reference(&h, &mut want);
            limited_any += usize::from(want_limited);
            let mut got = updates.clone();
            let (limited, finite) = limit_dry_updates(&h, &mut got);
            assert_eq!(limited, want_limited, "{column:?}");
            let all_finite = updates.iter().all(|u| u.is_finite());
            assert!(limited || finite == all_finite, "{column:?}");
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                "{column:?}"
            );
        }
        assert!(limited_any > 10 && limited_any < pairs.len());
    }

    /// Reference: the close test with the lesser absolute head by `f64::min`, on every pair
    /// of [`head_pairs`] in either order and on pairs within and beyond 1e-3 of each other.
    #[test]
    fn close_test_gives_the_old_answers() {
        fn reference(h_a: f64, h_b: f64) -> bool {
            let scale = 1.0 + h_a.abs().min(h_b.abs());
            (h_b - h_a).abs() <= 1e-3 * scale
        }
        let mut pairs = head_pairs();
        for h in [-1e4, -3.0, -1e-4, 0.0, 1.0] {
            for d in [0.0, 1e-4, 9.99e-4, 1e-3, 1.001e-3, 0.5] {
                pairs.push((h, h + d * (1.0 + f64::abs(h))));
            }
        }
        let mut close = 0;
        for (a, b) in pairs {
            for (h_a, h_b) in [(a, b), (b, a)] {
                assert_eq!(is_close(h_a, h_b), reference(h_a, h_b), "{h_a} {h_b}");
                close += usize::from(reference(h_a, h_b));
            }
        }
        assert!(close > 10);
    }
}
