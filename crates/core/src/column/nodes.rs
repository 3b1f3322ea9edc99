//! Soil properties of each node's control volume.
//!
//! A node on a layer interface has its upper half in one soil and its lower half in another, so
//! its water storage is the sum of the two halves' theta times their lengths. Ponded water is
//! part of the surface node's storage: the surface pressure head, when positive, is the depth of
//! water standing on the soil (as in HYDRUS-1D's treatment of a surface water layer).

use super::grid::Grid;
use super::simd::lane_mask;
use super::table::{locate_all, Bounds, Lookup, VanGenuchtenTable};
use crate::soil::{HydraulicFunctions, SoilHydraulics, VanGenuchtenAirEntry};
use std::sync::Arc;

/// The soils on either side of one node and the lengths of its half cells.
#[derive(Clone, Copy, Debug)]
pub struct NodeSoil {
    /// Layer of the element above and the length of its half (cm), if any.
    pub above: Option<(usize, f64)>,
    /// Layer of the element below and the length of its half (cm), if any.
    pub below: Option<(usize, f64)>,
}

/// Storage, capacity and Kirchhoff potentials of one node at one head, from one evaluation of
/// each soil the node touches.
#[derive(Clone, Copy, Debug, Default)]
pub struct NodeState {
    /// Water stored in the control volume, ponded water included (cm).
    pub storage_cm: f64,
    /// d(storage)/dh (cm/cm).
    pub capacity: f64,
    /// Kirchhoff potential of the soil above the node (cm2/d); NaN when not tabulated.
    pub phi_above: f64,
    /// Kirchhoff potential of the soil below the node (cm2/d); NaN when not tabulated.
    pub phi_below: f64,
    /// Conductivity of the soil above the node (cm/d); NaN when not tabulated.
    pub k_above: f64,
    /// Conductivity of the soil below the node (cm/d); NaN when not tabulated.
    pub k_below: f64,
}

/// Per-node soil properties derived from the grid and the layers.
#[derive(Clone, Debug)]
pub struct NodeSoils {
    /// One entry per node.
    pub nodes: Vec<NodeSoil>,
    /// The layers' hydraulic functions.
    pub layers: Vec<SoilHydraulics>,
    /// Per layer, a table of its functions (fast path, van Genuchten layers only); `None` means
    /// the closed forms are evaluated directly.
    pub(crate) tables: Vec<Option<Arc<VanGenuchtenTable>>>,
    /// Per layer, the air-entry head (cm; 0 without one) and the capacity just below it
    /// (1/cm), which the iteration matrix uses at the surface node between the two (see
    /// [`Self::evaluate`]).
    air_entry: Vec<(f64, f64)>,
    /// Per node: the length of its control volume (cm), the sum of its two halves.
    single_len: Vec<f64>,
    /// The nodes in runs top down: a run of nodes each inside one tabulated layer, the same for
    /// the run (between the surface and the bottom nodes, or one of those two, which have one
    /// half), is evaluated by table look-ups in [`Self::evaluate_all`] with that layer's table
    /// taken once; a run of [`NOT_SINGLE`] takes the general path.
    runs: Vec<NodeRun>,
    /// Per node, the [`Bounds`] of its table in [`Self::runs`] ([`Bounds::NONE`] for the
    /// general path), field by field.
    bounds_s_min: Vec<f64>,
    bounds_first: Vec<u64>,
    /// Per element, the saturated conductivity (cm/d) and the air-entry head (cm; 0 without
    /// one) of its soil when that soil is tabulated, NaN otherwise, for the element
    /// conductivities' vectorised pass (flow.rs).
    pub(crate) element_ks_cm_d: Vec<f64>,
    pub(crate) element_air_entry_cm: Vec<f64>,
}

/// Marks a run of [`NodeSoils::runs`] that takes the general path.
const NOT_SINGLE: usize = usize::MAX;

/// Nodes `start..end`, all inside tabulated layer `layer`, or all [`NOT_SINGLE`].
#[derive(Clone, Copy, Debug)]
struct NodeRun {
    start: usize,
    end: usize,
    layer: usize,
}

/// The runs of equal values of `single_layer` (per node its one tabulated layer or
/// [`NOT_SINGLE`]), in order.
fn node_runs(single_layer: &[usize]) -> Vec<NodeRun> {
    let mut runs: Vec<NodeRun> = Vec::new();
    for (i, &layer) in single_layer.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if run.layer == layer => run.end = i + 1,
            _ => runs.push(NodeRun {
                start: i,
                end: i + 1,
                layer,
            }),
        }
    }
    runs
}

/// The six output arrays of [`NodeSoils::evaluate_range`] over one run of nodes.
struct RunOut<'a> {
    w: &'a mut [f64],
    cap: &'a mut [f64],
    phi_up: &'a mut [f64],
    phi_down: &'a mut [f64],
    k_up: &'a mut [f64],
    k_down: &'a mut [f64],
}

impl RunOut<'_> {
    /// Node `j` of one soil from its theta, C, Phi and K: storage and capacity over the
    /// control volume's length `len` (cm), Phi and K on both sides.
    #[inline(always)]
    fn put(&mut self, j: usize, [t, c, p, k]: [f64; 4], len: f64) {
        self.w[j] = t * len;
        self.cap[j] = c * len;
        self.phi_up[j] = p;
        self.phi_down[j] = p;
        self.k_up[j] = k;
        self.k_down[j] = k;
    }

    /// Node `j` from its [`NodeState`].
    #[inline(always)]
    fn put_state(&mut self, j: usize, st: NodeState) {
        self.w[j] = st.storage_cm;
        self.cap[j] = st.capacity;
        self.phi_up[j] = st.phi_above;
        self.phi_down[j] = st.phi_below;
        self.k_up[j] = st.k_above;
        self.k_down[j] = st.k_below;
    }
}

/// What [`store_from_table`] found at the nodes it did not write: one outside its table and
/// not saturated (or the surface node outside it).
const OUTSIDE_TABLE: u64 = 1;
/// The same: one whose look-up gave a NaN theta (and whose outputs it wrote, to be
/// overwritten).
const NAN_THETA: u64 = 2;

/// The nodes of a run of one tabulated soil (`table`, `lookup`; the run's first node the
/// surface node if `surface`) whose state the table gives, inside it ([`locate_all`]'s `index`
/// and `t`) or saturated, written to `out` as the general path would write them; returns
/// [`OUTSIDE_TABLE`] and [`NAN_THETA`] for the others, which the general path is to write.
/// With `AVX` (only in the AVX2 copy), each look-up in an AVX register, the same operations.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn store_from_table<const AVX: bool>(
    table: &VanGenuchtenTable,
    lookup: &Lookup<'_>,
    surface: bool,
    h: &[f64],
    index: &[usize],
    t: &[f64],
    len: &[f64],
    out: &mut RunOut<'_>,
) -> u64 {
    let m = index.len();
    let (h, t, len) = (&h[..m], &t[..m], &len[..m]);
    let mut out = RunOut {
        w: &mut out.w[..m],
        cap: &mut out.cap[..m],
        phi_up: &mut out.phi_up[..m],
        phi_down: &mut out.phi_down[..m],
        k_up: &mut out.k_up[..m],
        k_down: &mut out.k_down[..m],
    };
    let mut missed = 0;
    let mut j = 0;
    while j < m {
        // The nodes to take one by one next: this one, or the four of a group of which one is
        // not inside the table.
        #[cfg_attr(not(target_arch = "x86_64"), allow(unused_mut))]
        let mut group = j..j + 1;
        // In the AVX2 copy four nodes at a time where all four are inside the table (four
        // look-ups side by side) or all four saturated, each output written four nodes wide
        // (the same operations at each node as one by one).
        #[cfg(target_arch = "x86_64")]
        if AVX && j + 4 <= m {
            use std::arch::x86_64::*;
            let k = [index[j], index[j + 1], index[j + 2], index[j + 3]];
            // SAFETY: `AVX` is true only in the AVX2 copy, called only on a processor that has
            // AVX2 (so AVX); each load and store is of four elements of a slice.
            let mut states =
                unsafe { lookup.states4_avx(k, _mm256_loadu_pd(t[j..j + 4].as_ptr())) };
            // Four saturated nodes (below a water table); not the surface node, whose pond and
            // air-entry capacity take the general path.
            if states.is_none() && (j > 0 || !surface) {
                // SAFETY: as above.
                states =
                    unsafe { table.saturated_states4_avx(_mm256_loadu_pd(h[j..j + 4].as_ptr())) };
            }
            if let Some([theta, c, p, k]) = states {
                // SAFETY: as above.
                unsafe {
                    let l = _mm256_loadu_pd(len[j..j + 4].as_ptr());
                    _mm256_storeu_pd(out.w[j..j + 4].as_mut_ptr(), _mm256_mul_pd(theta, l));
                    _mm256_storeu_pd(out.cap[j..j + 4].as_mut_ptr(), _mm256_mul_pd(c, l));
                    _mm256_storeu_pd(out.phi_up[j..j + 4].as_mut_ptr(), p);
                    _mm256_storeu_pd(out.phi_down[j..j + 4].as_mut_ptr(), p);
                    _mm256_storeu_pd(out.k_up[j..j + 4].as_mut_ptr(), k);
                    _mm256_storeu_pd(out.k_down[j..j + 4].as_mut_ptr(), k);
                    let nan = _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_UNORD_Q>(theta, theta));
                    missed |= lane_mask(nan != 0) * NAN_THETA;
                }
                j += 4;
                continue;
            }
            group = j..j + 4;
        }
        j = group.end;
        for j in group {
            #[cfg(target_arch = "x86_64")]
            if AVX {
                // SAFETY: `AVX` is true only in the AVX2 copy, called only on a processor that
                // has AVX2 (so AVX).
                if let Some(acc) = unsafe { lookup.state_at_avx(index[j], t[j]) } {
                    use std::arch::x86_64::*;
                    // SAFETY: as above; each store writes one element of a slice.
                    unsafe {
                        let (lo, hi) =
                            (_mm256_castpd256_pd128(acc), _mm256_extractf128_pd::<1>(acc));
                        let stored = _mm_mul_pd(lo, _mm_set1_pd(len[j]));
                        _mm_storel_pd(&mut out.w[j], stored);
                        _mm_storeh_pd(&mut out.cap[j], stored);
                        _mm_storel_pd(&mut out.phi_up[j], hi);
                        _mm_storel_pd(&mut out.phi_down[j], hi);
                        _mm_storeh_pd(&mut out.k_up[j], hi);
                        _mm_storeh_pd(&mut out.k_down[j], hi);
                        missed |= lane_mask(_mm_cvtsd_f64(lo).is_nan()) * NAN_THETA;
                    }
                    continue;
                }
            }
            let state = match lookup.state_at(index[j], t[j]) {
                Some(state) if state[0].is_nan() => {
                    missed |= NAN_THETA;
                    continue;
                }
                Some(state) => Some(state),
                // Saturated nodes (below a water table) have constant values; not the surface
                // node, whose pond and air-entry capacity take the general path.
                None if surface && j == 0 => None,
                None => table.saturated_state(h[j]),
            };
            match state {
                Some(state) if !state[0].is_nan() => out.put(j, state, len[j]),
                _ => missed |= OUTSIDE_TABLE,
            }
        }
    }
    missed
}

/// Per-node arrays of [`NodeState`]'s fields, filled by [`NodeSoils::evaluate_all`].
pub struct NodeStates<'a> {
    /// Storage (cm).
    pub storage_cm: &'a mut [f64],
    /// Capacity (cm/cm).
    pub capacity: &'a mut [f64],
    /// Kirchhoff potential of the soil above each node (cm2/d).
    pub phi_above: &'a mut [f64],
    /// Kirchhoff potential of the soil below each node (cm2/d).
    pub phi_below: &'a mut [f64],
    /// Conductivity of the soil above each node (cm/d).
    pub k_above: &'a mut [f64],
    /// Conductivity of the soil below each node (cm/d).
    pub k_below: &'a mut [f64],
    /// Working space, one per node (each node's position in its table interval).
    pub work: &'a mut [f64],
    /// Working space, one per node (each node's table interval).
    pub index: &'a mut [usize],
}

impl NodeSoils {
    /// Builds the node table of `grid` for `layers`.
    pub fn new(grid: &Grid, layers: Vec<SoilHydraulics>) -> NodeSoils {
        Self::with_tables(grid, layers, false)
    }

    /// Builds the node table of `grid` for `layers`; with `tabulate`, van Genuchten layers are
    /// evaluated from [`VanGenuchtenTable`]s (same functions to about 1e-7 relative).
    pub fn with_tables(grid: &Grid, layers: Vec<SoilHydraulics>, tabulate: bool) -> NodeSoils {
        let tables: Vec<Option<Arc<VanGenuchtenTable>>> = layers
            .iter()
            .map(|l| match l {
                SoilHydraulics::VanGenuchten(vg) if tabulate => Some(VanGenuchtenTable::shared(
                    &VanGenuchtenAirEntry::new(*vg, 0.0),
                )),
                SoilHydraulics::VanGenuchtenAirEntry(m) if tabulate => {
                    Some(VanGenuchtenTable::shared(m))
                }
                _ => None,
            })
            .collect();
        let n = grid.len();
        let nodes: Vec<NodeSoil> = (0..n)
            .map(|i| NodeSoil {
                above: (i > 0).then(|| (grid.element_layer[i - 1], grid.half_above(i))),
                below: (i + 1 < n).then(|| (grid.element_layer[i], grid.half_below(i))),
            })
            .collect();
        let air_entry = layers
            .iter()
            .map(|l| match l {
                SoilHydraulics::VanGenuchtenAirEntry(m) if m.air_entry_cm() < 0.0 => {
                    let h_s = m.air_entry_cm();
                    (h_s, m.capacity_per_cm(h_s * (1.0 + 1e-9)))
                }
                _ => (0.0, 0.0),
            })
            .collect();
        // A node of one tabulated soil: both halves in one layer, or the end nodes, which have
        // one half (their missing side's potential and conductivity are never read).
        let single_layer: Vec<usize> = (0..n)
            .map(|i| match (nodes[i].above, nodes[i].below) {
                (Some((la, _)), Some((lb, _))) if la == lb && tables[la].is_some() => la,
                (None, Some((l, _))) | (Some((l, _)), None) if tables[l].is_some() => l,
                _ => NOT_SINGLE,
            })
            .collect();
        let single_len = nodes
            .iter()
            .map(|node| match (node.above, node.below) {
                (Some((_, a)), Some((_, b))) => a + b,
                (None, Some((_, len))) | (Some((_, len)), None) => len,
                _ => f64::NAN,
            })
            .collect();
        let bounds: Vec<Bounds> = single_layer
            .iter()
            .map(|&l| match tables.get(l) {
                Some(Some(t)) => t.bounds(),
                _ => Bounds::NONE,
            })
            .collect();
        let element_table = |f: fn(&VanGenuchtenTable) -> f64| -> Vec<f64> {
            grid.element_layer
                .iter()
                .map(|&l| tables[l].as_deref().map_or(f64::NAN, f))
                .collect()
        };
        let element_ks_cm_d = element_table(VanGenuchtenTable::ks_cm_d);
        let element_air_entry_cm = element_table(VanGenuchtenTable::air_entry_cm);
        NodeSoils {
            nodes,
            layers,
            tables,
            air_entry,
            runs: node_runs(&single_layer),
            bounds_s_min: bounds.iter().map(|b| b.s_min).collect(),
            bounds_first: bounds.iter().map(|b| b.first).collect(),
            single_len,
            element_ks_cm_d,
            element_air_entry_cm,
        }
    }

    /// [`evaluate`](Self::evaluate) at every node, heads `h` (cm), into `out`: the same numbers,
    /// with the common case (a node inside one tabulated layer, its head in the table) as one
    /// table look-up without the general path's branches. On a processor with AVX2 and FMA the
    /// kernel's AVX2 copy runs, with the same results to the bit (see `column::simd`).
    pub fn evaluate_all(&self, h: &[f64], out: NodeStates<'_>) {
        self.evaluate_range(h, 0..h.len(), out);
    }

    /// [`Self::evaluate_all`] at the nodes of `nodes` only: `h` holds the heads (cm) of the
    /// whole column and `out` its arrays, of which only the entries of `nodes` are written (the
    /// others keep what they hold), with the same bits at those nodes as a call at every node.
    /// The end nodes' missing sides (no soil beyond the column) are set to NaN only when the
    /// end node is in `nodes`.
    pub fn evaluate_range(&self, h: &[f64], nodes: std::ops::Range<usize>, out: NodeStates<'_>) {
        #[cfg(target_arch = "x86_64")]
        if super::simd::avx2_fma() {
            // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
            // requirement of calling a function compiled with those target features.
            unsafe { self.evaluate_range_avx2(h, nodes, out) };
            return;
        }
        self.evaluate_range_kernel::<false>(h, nodes, out);
    }

    /// [`Self::evaluate_range`] compiled for AVX2 and FMA; call only on a processor that has
    /// them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn evaluate_range_avx2(&self, h: &[f64], nodes: std::ops::Range<usize>, out: NodeStates<'_>) {
        self.evaluate_range_kernel::<true>(h, nodes, out);
    }

    /// The body of [`Self::evaluate_range`], inlined into its plain and its AVX2 copy (`AVX2`
    /// true: only there, the look-ups in AVX registers, the same operations).
    #[inline(always)]
    fn evaluate_range_kernel<const AVX2: bool>(
        &self,
        h: &[f64],
        nodes: std::ops::Range<usize>,
        out: NodeStates<'_>,
    ) {
        let n = h.len();
        let (lo, hi) = (nodes.start.min(n), nodes.end.min(n));
        if lo >= hi {
            return;
        }
        let (w, cap) = (&mut out.storage_cm[..n], &mut out.capacity[..n]);
        let (phi_up, phi_down) = (&mut out.phi_above[..n], &mut out.phi_below[..n]);
        let (k_up, k_down) = (&mut out.k_above[..n], &mut out.k_below[..n]);
        // The intervals the suctions fall in and the positions in them (from the bits of the
        // suctions) first, in a loop of their own that the compiler vectorises; then run by run
        // of nodes of one soil, with the soil's table taken once a run, the look-ups.
        let (index, t) = (&mut out.index[..n], &mut out.work[..n]);
        let bounds = (&self.bounds_s_min[lo..hi], &self.bounds_first[lo..hi]);
        locate_all(&h[lo..hi], bounds, &mut index[lo..hi], &mut t[lo..hi]);
        for run in &self.runs {
            let (start, end) = (run.start.clamp(lo, hi), run.end.clamp(lo, hi));
            if start >= end {
                continue;
            }
            let (h, len) = (&h[start..end], &self.single_len[start..end]);
            let (index, t) = (&index[start..end], &t[start..end]);
            let mut out = RunOut {
                w: &mut w[start..end],
                cap: &mut cap[start..end],
                phi_up: &mut phi_up[start..end],
                phi_down: &mut phi_down[start..end],
                k_up: &mut k_up[start..end],
                k_down: &mut k_down[start..end],
            };
            // The nodes whose table gives their state first, in a loop without a call (a call
            // makes the compiler keep the output arrays on the stack and reload them a node);
            // then, only if the run has others, those by the general path. A run of an
            // untabulated soil takes the general path at every node.
            let table = self.tables.get(run.layer).and_then(Option::as_deref);
            let lookup = table.map(VanGenuchtenTable::lookup);
            let missed = match (table, &lookup) {
                (Some(table), Some(lookup)) => {
                    let surface = start == 0;
                    store_from_table::<AVX2>(table, lookup, surface, h, index, t, len, &mut out)
                }
                _ => OUTSIDE_TABLE,
            };
            if missed == 0 {
                continue;
            }
            for j in 0..h.len() {
                if let (Some(table), Some(lookup)) = (table, &lookup) {
                    // Written above: a node inside the table (checked only if one gave a NaN
                    // theta), and a saturated node.
                    let state = if lookup.contains(index[j]) {
                        if missed & NAN_THETA == 0 {
                            continue;
                        }
                        lookup.state_at(index[j], t[j])
                    } else if start + j > 0 {
                        table.saturated_state(h[j])
                    } else {
                        None
                    };
                    if matches!(state, Some([t, ..]) if !t.is_nan()) {
                        continue;
                    }
                }
                // An interface node inside both tables without the call (what `evaluate`
                // does first).
                if let (
                    None,
                    NodeSoil {
                        above: Some(above),
                        below: Some(below),
                    },
                ) = (table, self.nodes[start + j])
                {
                    if let Some(st) = self.interface_in_tables(above, below, h[j]) {
                        out.put_state(j, st);
                        continue;
                    }
                }
                out.put_state(j, self.evaluate(start + j, h[j]));
            }
        }
        // The end nodes have no soil beyond the column: no potential or conductivity there (as
        // `evaluate` gives them).
        if lo == 0 {
            (phi_up[0], k_up[0]) = (f64::NAN, f64::NAN);
        }
        if hi == n {
            (phi_down[n - 1], k_down[n - 1]) = (f64::NAN, f64::NAN);
        }
    }

    /// Water content of layer `l` at head `h` (cm).
    #[inline]
    pub fn layer_theta(&self, l: usize, h: f64) -> f64 {
        match &self.tables[l] {
            Some(t) => t.theta(h),
            None => self.layers[l].theta(h),
        }
    }

    /// Capacity dtheta/dh (1/cm) of layer `l` at head `h` (cm).
    #[inline]
    pub fn layer_capacity(&self, l: usize, h: f64) -> f64 {
        match &self.tables[l] {
            Some(t) => t.capacity(h),
            None => self.layers[l].capacity_per_cm(h),
        }
    }

    /// Conductivity (cm/d) of layer `l` at head `h` (cm).
    #[inline]
    pub fn layer_conductivity(&self, l: usize, h: f64) -> f64 {
        match &self.tables[l] {
            Some(t) => t.conductivity(h),
            None => self.layers[l].conductivity_cm_d(h),
        }
    }

    /// Integral-mean conductivity (cm/d) of layer `l` between heads `h_a` and `h_b` (cm).
    #[inline]
    pub fn layer_mean_conductivity(&self, l: usize, h_a: f64, h_b: f64) -> f64 {
        match &self.tables[l] {
            Some(t) => t.mean_conductivity(h_a, h_b, t.potential(h_a), t.potential(h_b)),
            None => self.layers[l].mean_conductivity_cm_d(h_a, h_b),
        }
    }

    /// Theta, C, the Kirchhoff potential and K (the last two NaN where not tabulated) of layer
    /// `l` at head `h`, with one table look-up.
    #[inline]
    fn layer_state(&self, l: usize, h: f64) -> (f64, f64, f64, f64) {
        match &self.tables[l] {
            Some(t) => match t.state(h) {
                Some([theta, c, phi, k]) => (theta, c, phi, k),
                None => {
                    let soil = &self.layers[l];
                    let phi = t.potential(h).unwrap_or(f64::NAN);
                    let k = soil.conductivity_cm_d(h);
                    (soil.theta(h), soil.capacity_per_cm(h), phi, k)
                }
            },
            None => {
                let soil = &self.layers[l];
                (soil.theta(h), soil.capacity_per_cm(h), f64::NAN, f64::NAN)
            }
        }
    }

    /// The state of a node on an interface, its upper half `above` (layer, length in cm) and
    /// its lower half `below` in two different layers, at head `h` (cm), when both layers are
    /// tabulated and both tables cover `h`; `None` otherwise (and for a node inside one layer).
    /// The same look-ups and sums as the general path of [`Self::evaluate`] (two
    /// [`Self::layer_state`]s added from zero, above then below), with the range tests
    /// taken once.
    #[inline(always)]
    fn interface_in_tables(
        &self,
        (la, len_a): (usize, f64),
        (lb, len_b): (usize, f64),
        h: f64,
    ) -> Option<NodeState> {
        let (Some(ta), Some(tb)) = (&self.tables[la], &self.tables[lb]) else {
            return None;
        };
        if la == lb || !ta.covers(h) || !tb.covers(h) {
            return None;
        }
        let [theta_a, c_a, phi_a, k_a] = ta.state_inside(h);
        let [theta_b, c_b, phi_b, k_b] = tb.state_inside(h);
        Some(NodeState {
            storage_cm: (0.0 + theta_a * len_a) + theta_b * len_b,
            capacity: (0.0 + c_a * len_a) + c_b * len_b,
            phi_above: phi_a,
            phi_below: phi_b,
            k_above: k_a,
            k_below: k_b,
        })
    }

    /// Storage, capacity and potentials of node `i` at head `h` (cm) in one pass: a node inside
    /// a layer evaluates its soil once.
    #[inline(never)]
    pub fn evaluate(&self, i: usize, h: f64) -> NodeState {
        let node = &self.nodes[i];
        if let (Some(above), Some(below)) = (node.above, node.below) {
            if let Some(st) = self.interface_in_tables(above, below, h) {
                return st;
            }
        }
        let mut st = match (node.above, node.below) {
            (Some((la, a)), Some((lb, b))) if la == lb => {
                let (t, c, p, k) = self.layer_state(la, h);
                let len = a + b;
                NodeState {
                    storage_cm: t * len,
                    capacity: c * len,
                    phi_above: p,
                    phi_below: p,
                    k_above: k,
                    k_below: k,
                }
            }
            (above, below) => {
                let mut st = NodeState {
                    phi_above: f64::NAN,
                    phi_below: f64::NAN,
                    k_above: f64::NAN,
                    k_below: f64::NAN,
                    ..NodeState::default()
                };
                if let Some((l, len)) = above {
                    let (t, c, p, k) = self.layer_state(l, h);
                    st.storage_cm += t * len;
                    st.capacity += c * len;
                    st.phi_above = p;
                    st.k_above = k;
                }
                if let Some((l, len)) = below {
                    let (t, c, p, k) = self.layer_state(l, h);
                    st.storage_cm += t * len;
                    st.capacity += c * len;
                    st.phi_below = p;
                    st.k_below = k;
                }
                st
            }
        };
        if i == 0 {
            if h > 0.0 {
                st.storage_cm += h;
                st.capacity += 1.0;
            } else if st.capacity == 0.0 {
                // Between an air-entry head h_s and 0 the soil is saturated and stores nothing
                // more when h changes (C = 0). At the surface node the capacity returned (the one
                // the iteration matrix uses) is that just below h_s instead: a column saturated
                // from a drained pond to a free-draining bottom would otherwise give a singular
                // matrix under evaporation (no node could release water), although the surface
                // node is about to desaturate below h_s. Only the iteration path changes: the
                // storage is exact, and an iterate is accepted only when the storage of the
                // linearisation matches it (flow.rs).
                let layer = self.main_layer(0);
                let (h_s, c_s) = self.air_entry[layer];
                if h >= h_s && h_s < 0.0 {
                    let len = self.nodes[0].below.map(|(_, len)| len).unwrap_or(0.0);
                    st.capacity = c_s * len;
                }
            }
        }
        st
    }

    /// Integral-mean conductivity (cm/d) of element `e` (between nodes `e` and `e + 1`, in
    /// layer `layer`) at heads `h_a`, `h_b`, with the potentials of [`evaluate`](Self::evaluate)
    /// (`phi_a` the lower-side potential of node `e`, `phi_b` the upper-side one of node `e + 1`).
    #[inline]
    pub fn element_conductivity(
        &self,
        layer: usize,
        h_a: f64,
        h_b: f64,
        phi_a: f64,
        phi_b: f64,
    ) -> f64 {
        match &self.tables[layer] {
            Some(t) => {
                let opt = |p: f64| (!p.is_nan()).then_some(p);
                t.mean_conductivity(h_a, h_b, opt(phi_a), opt(phi_b))
            }
            None => self.layers[layer].mean_conductivity_cm_d(h_a, h_b),
        }
    }

    /// Water stored in node `i`'s control volume at head `h` (cm), including ponded water at the
    /// surface node.
    pub fn storage_cm(&self, i: usize, h: f64) -> f64 {
        let node = &self.nodes[i];
        let mut w = 0.0;
        if let Some((l, len)) = node.above {
            w += self.layer_theta(l, h) * len;
        }
        if let Some((l, len)) = node.below {
            w += self.layer_theta(l, h) * len;
        }
        if i == 0 && h > 0.0 {
            w += h;
        }
        w
    }

    /// d(storage)/dh of node `i` (cm/cm), including the ponded water's unit capacity.
    pub fn capacity(&self, i: usize, h: f64) -> f64 {
        let node = &self.nodes[i];
        let mut c = 0.0;
        if let Some((l, len)) = node.above {
            c += self.layer_capacity(l, h) * len;
        }
        if let Some((l, len)) = node.below {
            c += self.layer_capacity(l, h) * len;
        }
        if i == 0 && h > 0.0 {
            c += 1.0;
        }
        c
    }

    /// Storage and capacity together (one pass over the layers).
    pub fn storage_and_capacity(&self, i: usize, h: f64) -> (f64, f64) {
        (self.storage_cm(i, h), self.capacity(i, h))
    }

    /// Volume-weighted water content of the soil in node `i`'s control volume (no pond).
    pub fn theta(&self, i: usize, h: f64) -> f64 {
        let node = &self.nodes[i];
        let mut w = 0.0;
        let mut v = 0.0;
        for (l, len) in [node.above, node.below].into_iter().flatten() {
            w += self.layer_theta(l, h) * len;
            v += len;
        }
        if v > 0.0 {
            w / v
        } else {
            0.0
        }
    }

    /// Volume-weighted saturated water content of node `i`.
    pub fn theta_s(&self, i: usize) -> f64 {
        let (w, v) = self.weighted(i, |s| s.theta_s());
        w / v
    }

    /// Volume-weighted residual water content of node `i`.
    pub fn theta_r(&self, i: usize) -> f64 {
        let (w, v) = self.weighted(i, |s| s.theta_r());
        w / v
    }

    /// Soil of the lower half of node `i` (of the upper half at the bottom node).
    pub fn main_layer(&self, i: usize) -> usize {
        self.nodes[i]
            .below
            .or(self.nodes[i].above)
            .map(|(l, _)| l)
            .unwrap_or(0)
    }

    fn weighted(&self, i: usize, f: impl Fn(&SoilHydraulics) -> f64) -> (f64, f64) {
        let node = &self.nodes[i];
        let mut w = 0.0;
        let mut v = 0.0;
        for (l, len) in [node.above, node.below].into_iter().flatten() {
            w += f(&self.layers[l]) * len;
            v += len;
        }
        (w, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::simd::{avx2_fma, fixture};

    /// The seven arrays [`NodeSoils::evaluate_all`] fills, for `n` nodes.
    struct Arrays {
        f: [Vec<f64>; 7],
        index: Vec<usize>,
    }

    impl Arrays {
        fn new(n: usize) -> Arrays {
            Arrays {
                f: std::array::from_fn(|_| vec![0.0; n]),
                index: vec![0; n],
            }
        }

        fn out(&mut self) -> NodeStates<'_> {
            let [w, c, pa, pb, ka, kb, work] = &mut self.f;
            NodeStates {
                storage_cm: w,
                capacity: c,
                phi_above: pa,
                phi_below: pb,
                k_above: ka,
                k_below: kb,
                work,
                index: &mut self.index,
            }
        }
    }

    /// A column's node table (and so a column) can be sent to and shared between threads, as
    /// a plan's options run in parallel.
    #[test]
    fn node_soils_are_send_and_sync() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<NodeSoils>();
        send_sync::<crate::column::Column>();
    }

    /// Reference: the runs written out by hand for a column of two tabulated layers with a
    /// general node between them and at the bottom.
    #[test]
    fn node_runs_split_the_nodes_into_runs_of_one_layer() {
        let runs = node_runs(&[0, 0, 0, NOT_SINGLE, 1, 1, NOT_SINGLE]);
        let got: Vec<_> = runs.iter().map(|r| (r.start, r.end, r.layer)).collect();
        assert_eq!(
            got,
            [(0, 3, 0), (3, 4, NOT_SINGLE), (4, 6, 1), (6, 7, NOT_SINGLE)]
        );
        assert!(node_runs(&[]).is_empty());
    }

    /// Reference: [`NodeSoils::evaluate`] node by node (the general path, which evaluate_all
    /// promises to reproduce), to the bit, NaN for NaN; and where the processor has AVX2 and
    /// FMA, the AVX2 copy of the kernel gives the plain copy's bits.
    #[test]
    fn evaluate_all_plain_and_avx2_copies_agree_to_the_bit() {
        let (grid, soils) = fixture::column();
        let h = fixture::heads(&grid);
        let n = h.len();
        let mut plain = Arrays::new(n);
        soils.evaluate_range_kernel::<false>(&h, 0..n, plain.out());
        let mut table_nodes = 0;
        for (i, &hi) in h.iter().enumerate() {
            let st = soils.evaluate(i, hi);
            let want = [
                st.storage_cm,
                st.capacity,
                st.phi_above,
                st.phi_below,
                st.k_above,
                st.k_below,
            ];
            for (f, &w) in want.iter().enumerate() {
                assert_eq!(plain.f[f][i].to_bits(), w.to_bits(), "node {i} field {f}");
            }
            table_nodes += usize::from(!st.phi_below.is_nan());
        }
        // The fixture reaches the table look-ups, the saturated nodes and the general path.
        assert!(table_nodes > n / 2, "{table_nodes} of {n}");
        if avx2_fma() {
            #[cfg(target_arch = "x86_64")]
            {
                let mut avx2 = Arrays::new(n);
                // SAFETY: the processor has AVX2 and FMA (checked above).
                unsafe { soils.evaluate_range_avx2(&h, 0..n, avx2.out()) };
                for f in 0..6 {
                    for i in 0..n {
                        assert_eq!(
                            avx2.f[f][i].to_bits(),
                            plain.f[f][i].to_bits(),
                            "node {i} field {f}"
                        );
                    }
                }
            }
        }
    }

    /// The AVX2 copy takes the nodes of a run four at a time where all four are inside the
    /// table and one by one elsewhere: at heads that put a node outside the table (saturated,
    /// just below zero, drier than the table) at every position of a group of four, over
    /// ranges starting and ending at every offset, it gives the plain copy's bits and
    /// [`NodeSoils::evaluate`]'s, and writes nothing outside the range.
    #[test]
    fn four_node_groups_give_the_node_by_node_bits() {
        let (grid, soils) = fixture::column();
        let base = fixture::heads(&grid);
        let n = base.len();
        let sentinel = -1234.5_f64;
        for (pattern, outside) in [0.0, 2.0, -5e-4, -2e7].into_iter().enumerate() {
            let mut h = base.clone();
            if outside != 0.0 {
                // One node outside the table every seven: every position in a group of four.
                for i in (pattern..n).step_by(7) {
                    h[i] = outside;
                }
            }
            for (lo, hi) in (0..5).flat_map(|lo| (n - 4..=n).map(move |hi| (lo, hi))) {
                let mut plain = Arrays::new(n);
                plain.f.iter_mut().for_each(|f| f.fill(sentinel));
                soils.evaluate_range_kernel::<false>(&h, lo..hi, plain.out());
                for (i, &hi_cm) in h.iter().enumerate() {
                    let want = if (lo..hi).contains(&i) {
                        let st = soils.evaluate(i, hi_cm);
                        [
                            st.storage_cm,
                            st.capacity,
                            st.phi_above,
                            st.phi_below,
                            st.k_above,
                            st.k_below,
                        ]
                    } else {
                        [sentinel; 6]
                    };
                    for (f, w) in want.iter().enumerate() {
                        let got = plain.f[f][i];
                        assert_eq!(got.to_bits(), w.to_bits(), "{lo}..{hi} node {i} field {f}");
                    }
                }
                #[cfg(target_arch = "x86_64")]
                if avx2_fma() {
                    let mut avx2 = Arrays::new(n);
                    avx2.f.iter_mut().for_each(|f| f.fill(sentinel));
                    // SAFETY: the processor has AVX2 and FMA (checked above).
                    unsafe { soils.evaluate_range_avx2(&h, lo..hi, avx2.out()) };
                    assert_eq!(
                        state_bits(&avx2),
                        state_bits(&plain),
                        "{lo}..{hi} {pattern}"
                    );
                }
            }
        }
    }

    /// Reference: [`NodeSoils::evaluate`] node by node, and the plain copy. The AVX2 copy takes
    /// four saturated nodes at a time: at heads with saturated stretches (a water table under
    /// the loam and the clay, heads between the clay's air-entry head and 0, +0 and -0, with a
    /// NaN, an unsaturated node or the ponded surface node at every position of a group), over
    /// ranges starting at every offset, it gives their bits and writes nothing outside the
    /// range.
    #[test]
    fn saturated_four_node_groups_give_the_node_by_node_bits() {
        let (grid, soils) = fixture::column();
        let n = grid.len();
        let sentinel = -1234.5_f64;
        let patterns: [fn(usize) -> f64; 4] = [
            |i| i as f64 * 0.7 - 30.0,
            |i| [0.0, -0.0, -1.5, 2.0, -0.25, 0.0][i % 6],
            |i| if i % 9 == 4 { f64::NAN } else { 1.0 + i as f64 },
            |i| {
                if i % 11 == 3 {
                    -50.0
                } else {
                    -1.0 + 0.01 * i as f64
                }
            },
        ];
        for pattern in patterns {
            let h: Vec<f64> = (0..n).map(pattern).collect();
            for lo in 0..5 {
                let mut plain = Arrays::new(n);
                plain.f.iter_mut().for_each(|f| f.fill(sentinel));
                soils.evaluate_range_kernel::<false>(&h, lo..n, plain.out());
                for (i, &h_i) in h.iter().enumerate().skip(lo) {
                    let st = soils.evaluate(i, h_i);
                    let want = [
                        st.storage_cm,
                        st.capacity,
                        st.phi_above,
                        st.phi_below,
                        st.k_above,
                        st.k_below,
                    ];
                    for (f, w) in want.iter().enumerate() {
                        assert_eq!(plain.f[f][i].to_bits(), w.to_bits(), "{lo} node {i} {f}");
                    }
                }
                #[cfg(target_arch = "x86_64")]
                if avx2_fma() {
                    let mut avx2 = Arrays::new(n);
                    avx2.f.iter_mut().for_each(|f| f.fill(sentinel));
                    // SAFETY: the processor has AVX2 and FMA (checked above).
                    unsafe { soils.evaluate_range_avx2(&h, lo..n, avx2.out()) };
                    assert_eq!(state_bits(&avx2), state_bits(&plain), "{lo} {:?}", &h[..6]);
                }
            }
        }
    }

    /// The bits of the six state arrays of `a`.
    fn state_bits(a: &Arrays) -> Vec<Vec<u64>> {
        a.f[..6]
            .iter()
            .map(|f| f.iter().map(|x| x.to_bits()).collect())
            .collect()
    }

    /// Reference: [`NodeSoils::evaluate_all`] (itself checked against the general path node by
    /// node above). [`NodeSoils::evaluate_range`] over a prefix, a suffix, a middle range and
    /// single nodes (the surface node, the interface node, the bottom node) gives its bits
    /// at the nodes of the range, NaN for NaN, and leaves every other entry as it was (a
    /// sentinel value); an empty range writes nothing.
    #[test]
    fn evaluate_range_gives_evaluate_all_bits_inside_and_writes_nothing_outside() {
        let (grid, soils) = fixture::column();
        let h = fixture::heads(&grid);
        let n = h.len();
        let mut all = Arrays::new(n);
        soils.evaluate_all(&h, all.out());
        let want = state_bits(&all);
        let interface = (1..n - 1)
            .find(|&i| {
                let node = &soils.nodes[i];
                node.above.map(|(l, _)| l) != node.below.map(|(l, _)| l)
            })
            .expect("the fixture has a layer interface");
        let ranges = [
            0..n,
            0..n / 2,
            n / 2..n,
            n / 5..n - n / 5,
            0..1,
            interface..interface + 1,
            n - 1..n,
            interface - 2..interface + 3,
            n / 2..n / 2,
        ];
        let sentinel = -1234.5_f64;
        for range in ranges {
            let mut part = Arrays::new(n);
            part.f.iter_mut().for_each(|f| f.fill(sentinel));
            soils.evaluate_range(&h, range.clone(), part.out());
            let got = state_bits(&part);
            for (f, (got, want)) in got.iter().zip(&want).enumerate() {
                for i in 0..n {
                    let expected = if range.contains(&i) {
                        want[i]
                    } else {
                        sentinel.to_bits()
                    };
                    assert_eq!(got[i], expected, "range {range:?} node {i} field {f}");
                }
            }
        }
    }

    /// Reference: [`NodeSoils::evaluate_all`] at the new heads. Arrays holding the state at
    /// some heads, then re-evaluated by [`NodeSoils::evaluate_range`] over the nodes whose
    /// head changed (the surface down to below the interface, as at a predictor; or a middle
    /// stretch), hold the state at the new heads to the bit at every node.
    #[test]
    fn evaluating_the_changed_nodes_only_gives_the_full_evaluation() {
        let (grid, soils) = fixture::column();
        let old = fixture::heads(&grid);
        let n = old.len();
        for changed in [0..2 * n / 3, n / 4..n / 2, 0..n] {
            let mut new = old.clone();
            for h in &mut new[changed.clone()] {
                // Wetter by a tenth (still dry where it was dry, still ponded at the surface).
                *h = if *h < 0.0 { 0.9 * *h } else { *h + 0.25 };
            }
            let mut full = Arrays::new(n);
            soils.evaluate_all(&new, full.out());
            let mut part = Arrays::new(n);
            soils.evaluate_all(&old, part.out());
            soils.evaluate_range(&new, changed.clone(), part.out());
            assert!(
                state_bits(&part) == state_bits(&full),
                "changed {changed:?}"
            );
        }
    }

    /// The general path of [`NodeSoils::evaluate`] at a node with halves in two layers, as it
    /// was before [`NodeSoils::interface_in_tables`]: each half's [`NodeSoils::layer_state`]
    /// added from zero, above then below; the six fields' bits.
    fn two_halves_reference(soils: &NodeSoils, i: usize, h: f64) -> [u64; 6] {
        let node = &soils.nodes[i];
        let (mut w, mut c) = (0.0, 0.0);
        let (mut pa, mut pb, mut ka, mut kb) = (f64::NAN, f64::NAN, f64::NAN, f64::NAN);
        if let Some((l, len)) = node.above {
            let (t, cap, p, k) = soils.layer_state(l, h);
            w += t * len;
            c += cap * len;
            (pa, ka) = (p, k);
        }
        if let Some((l, len)) = node.below {
            let (t, cap, p, k) = soils.layer_state(l, h);
            w += t * len;
            c += cap * len;
            (pb, kb) = (p, k);
        }
        [w, c, pa, pb, ka, kb].map(f64::to_bits)
    }

    /// Reference: [`two_halves_reference`], the two scalar look-ups of the general path. At
    /// the fixture's interface node (loam over a clay with an air-entry head of -2 cm), for
    /// heads inside both tables, inside the loam's only (between -2 and -1e-3 cm), inside
    /// neither (wetter, saturated, beyond the dry end) and at the tables' ends,
    /// [`NodeSoils::evaluate`] and [`NodeSoils::evaluate_range`] (plain copy, and AVX2 copy
    /// where the processor has it) give its bits, NaN for NaN.
    #[test]
    fn interface_nodes_give_the_two_halves_bits() {
        let (grid, soils) = fixture::column();
        let n = grid.len();
        let interface = (1..n - 1)
            .find(|&i| {
                let node = &soils.nodes[i];
                node.above.map(|(l, _)| l) != node.below.map(|(l, _)| l)
            })
            .expect("the fixture has a layer interface");
        let heads = [
            -15_000.0,
            -120.7,
            -2.0,
            -2.000_000_1,
            -1.999_999_9,
            -1.0,
            -1e-3,
            -1.1e-3,
            -5e-4,
            0.0,
            3.0,
            -1e7,
            -1.000_000_1e7,
            -3.3e8,
        ];
        let node = &soils.nodes[interface];
        let covers = |side: Option<(usize, f64)>, h: f64| {
            let (l, _) = side.unwrap();
            soils.tables[l].as_ref().unwrap().covers(h)
        };
        let mut both_covered = 0;
        for &hi in &heads {
            let want = two_halves_reference(&soils, interface, hi);
            let st = soils.evaluate(interface, hi);
            let got = [
                st.storage_cm,
                st.capacity,
                st.phi_above,
                st.phi_below,
                st.k_above,
                st.k_below,
            ]
            .map(f64::to_bits);
            assert_eq!(got, want, "evaluate, head {hi}");
            let mut h = fixture::heads(&grid);
            h[interface] = hi;
            let mut plain = Arrays::new(n);
            soils.evaluate_range_kernel::<false>(&h, 0..n, plain.out());
            let got: Vec<u64> = (0..6).map(|f| plain.f[f][interface].to_bits()).collect();
            assert_eq!(got, want, "plain kernel, head {hi}");
            #[cfg(target_arch = "x86_64")]
            if avx2_fma() {
                let mut avx2 = Arrays::new(n);
                // SAFETY: the processor has AVX2 and FMA (checked just above).
                unsafe { soils.evaluate_range_avx2(&h, 0..n, avx2.out()) };
                let got: Vec<u64> = (0..6).map(|f| avx2.f[f][interface].to_bits()).collect();
                assert_eq!(got, want, "AVX2 kernel, head {hi}");
            }
            both_covered += usize::from(covers(node.above, hi) && covers(node.below, hi));
        }
        // Both tables cover some of the heads (the look-ups without the range tests) and not
        // others.
        assert!(
            (3..heads.len() - 3).contains(&both_covered),
            "{both_covered}"
        );
    }
}
