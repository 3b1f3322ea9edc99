//! The node grid and its control volumes.
//!
//! Nodes sit at depths z_0 = 0 < z_1 < ... < z_{N-1} = L (cm, positive downward), with a node
//! on every layer interface. Each element (z_e, z_{e+1}) belongs to one layer; each node's
//! control volume is the half of each element next to it, which is the mass-lumped linear
//! finite-element scheme of HYDRUS-1D (Simunek et al. 2008, manual section 5.1) written as finite
//! volumes, so that layered soils are treated exactly at the interfaces.
//!
//! The grid is refined where the solution is steep whatever the user asked for: near the surface
//! (evaporation and infiltration fronts) and on both sides of every layer interface. The user's
//! node count only sets the coarsest spacing.

/// Coarsest spacing allowed anywhere (cm): results are converged to the test tolerances at this
/// spacing for the problems of the reference set (`tests/grid_independence.rs` holds a 2 cm grid
/// against a 0.5 cm one).
pub const MAX_SPACING_CM: f64 = 2.0;
/// Coarsest spacing allowed whatever the dispersivity (cm): below a dispersivity of half this,
/// the grid stays at this spacing rather than following [`max_spacing_cm`] down.
pub const MAX_SPACING_LOW_DISPERSIVITY_CM: f64 = 1.0;

/// Coarsest spacing (cm) for a column whose smallest dispersivity is `dispersivity_cm`: the
/// grid Peclet number dz / dispersivity stays at or under 2, which keeps the Crank-Nicolson
/// transport free of oscillations (HYDRUS-1D manual, Simunek et al. 2008, section 5.4.5, asks for
/// Pe <= 5), between [`MAX_SPACING_LOW_DISPERSIVITY_CM`] and [`MAX_SPACING_CM`].
pub fn max_spacing_cm(dispersivity_cm: f64) -> f64 {
    (2.0 * dispersivity_cm).clamp(MAX_SPACING_LOW_DISPERSIVITY_CM, MAX_SPACING_CM)
}
/// Spacing at the soil surface (cm): the dry surface layer under evaporation from a water table
/// is a few mm thick (Gardner 1958 profiles), so it needs sub-mm nodes.
pub const SURFACE_SPACING_CM: f64 = 0.05;
/// Spacing on each side of a layer interface (cm). Half the coarsest spacing: the water content
/// jumps at an interface and a front crossing it needs finer nodes than the soil on either
/// side. 1 cm rather than the 0.25 cm of earlier versions (152 -> 132 nodes on the benchmark
/// column, about 9 % of its time): the benchmark year's fluxes move by under 0.02 %, the
/// `takyr_clay` example's (clay loam over clay at 30 cm, irrigation fronts crossing it) drainage
/// by +0.57 % and transpiration by +0.45 % against 0.1 cm, within the 3 % and checked by
/// `tests/grid_independence.rs` and `crates/cli/tests/finer_nodes.rs` (docs/performance.md, "What 5
/// ms costs, and what was taken").
pub const INTERFACE_SPACING_CM: f64 = 1.0;
/// How fast the spacing may grow with distance from the surface or an interface (cm per cm).
pub const SPACING_GROWTH: f64 = 0.1;

/// Node depths and control volumes.
#[derive(Clone, Debug)]
pub struct Grid {
    /// Node depths (cm).
    pub z_cm: Vec<f64>,
    /// Element lengths z_{e+1} - z_e (cm), one fewer than nodes.
    pub dz_cm: Vec<f64>,
    /// Layer index of each element.
    pub element_layer: Vec<usize>,
    /// Length of each node's control volume (cm): half of each element next to it.
    pub volume_cm: Vec<f64>,
    /// 1 / dz of each element (1/cm), for the solver's inner loops.
    pub inv_dz_cm: Vec<f64>,
    /// 1 / volume of each node's control volume (1/cm), for the solver's inner loops.
    pub inv_volume_cm: Vec<f64>,
}

impl Grid {
    /// Builds a graded grid for a column of `depth_cm` with layer bottoms `layer_bottoms_cm`
    /// (the last equal to `depth_cm`) and at least `min_nodes` nodes.
    pub fn graded(depth_cm: f64, layer_bottoms_cm: &[f64], min_nodes: usize) -> Grid {
        Self::graded_to(depth_cm, layer_bottoms_cm, min_nodes, MAX_SPACING_CM)
    }

    /// As [`graded`](Self::graded), with the coarsest spacing `max_spacing_cm` (cm) instead of
    /// [`MAX_SPACING_CM`].
    pub fn graded_to(
        depth_cm: f64,
        layer_bottoms_cm: &[f64],
        min_nodes: usize,
        max_spacing_cm: f64,
    ) -> Grid {
        let base = (depth_cm / (min_nodes.max(2) - 1) as f64).min(max_spacing_cm);
        let interfaces: Vec<f64> = layer_bottoms_cm[..layer_bottoms_cm.len() - 1].to_vec();
        let spacing_at = |z: f64| -> f64 {
            let mut s = base.min(SURFACE_SPACING_CM + SPACING_GROWTH * z);
            for &zi in &interfaces {
                s = s.min(INTERFACE_SPACING_CM + SPACING_GROWTH * (z - zi).abs());
            }
            s.max(1e-3)
        };
        // March down segment by segment (surface to first interface, ...), then stretch the
        // nodes of each segment so that it ends exactly on its interface.
        let mut z_cm = vec![0.0];
        let mut element_layer = Vec::new();
        let mut top = 0.0;
        for (layer, &bottom) in layer_bottoms_cm.iter().enumerate() {
            let mut local = vec![top];
            let mut z = top;
            while z < bottom {
                // Midpoint rule for the spacing so that grading is symmetric about interfaces.
                let s1 = spacing_at(z);
                let s = spacing_at(z + 0.5 * s1).min(s1 * 1.5);
                z += s;
                local.push(z);
            }
            // The march overshoots `bottom`: stretch or shrink the segment uniformly, whichever of
            // keeping or dropping the last node needs the smaller change.
            let n = local.len();
            if n >= 3 {
                let keep = (bottom - top) / (local[n - 1] - top);
                let drop = (bottom - top) / (local[n - 2] - top);
                if (drop - 1.0).abs() < (1.0 - keep).abs() {
                    local.pop();
                }
            }
            let n = local.len();
            let scale = (bottom - top) / (local[n - 1] - top);
            for (k, zk) in local.iter().enumerate().skip(1) {
                let znew = if k == n - 1 {
                    bottom
                } else {
                    top + (zk - top) * scale
                };
                z_cm.push(znew);
                element_layer.push(layer);
            }
            top = bottom;
        }
        let dz_cm = z_cm.windows(2).map(|w| w[1] - w[0]).collect();
        Grid::with_volumes(z_cm, dz_cm, element_layer)
    }

    /// A grid through the given node depths (for tests and comparisons).
    pub fn from_depths(z_cm: Vec<f64>, layer_bottoms_cm: &[f64]) -> Grid {
        let dz_cm: Vec<f64> = z_cm.windows(2).map(|w| w[1] - w[0]).collect();
        let element_layer = z_cm
            .windows(2)
            .map(|w| {
                let mid = 0.5 * (w[0] + w[1]);
                layer_bottoms_cm
                    .iter()
                    .position(|&b| mid < b)
                    .unwrap_or(layer_bottoms_cm.len() - 1)
            })
            .collect();
        Grid::with_volumes(z_cm, dz_cm, element_layer)
    }

    fn with_volumes(z_cm: Vec<f64>, dz_cm: Vec<f64>, element_layer: Vec<usize>) -> Grid {
        let n = z_cm.len();
        let volume_cm: Vec<f64> = (0..n)
            .map(|i| {
                let above = if i > 0 { 0.5 * dz_cm[i - 1] } else { 0.0 };
                let below = if i + 1 < n { 0.5 * dz_cm[i] } else { 0.0 };
                above + below
            })
            .collect();
        let inv_dz_cm = dz_cm.iter().map(|dz| 1.0 / dz).collect();
        let inv_volume_cm = volume_cm.iter().map(|v: &f64| 1.0 / v).collect();
        Grid {
            z_cm,
            dz_cm,
            element_layer,
            volume_cm,
            inv_dz_cm,
            inv_volume_cm,
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.z_cm.len()
    }

    /// True when the grid has no nodes.
    pub fn is_empty(&self) -> bool {
        self.z_cm.is_empty()
    }

    /// Half of the element above node `i` (cm), 0 at the surface.
    pub fn half_above(&self, i: usize) -> f64 {
        if i == 0 {
            0.0
        } else {
            0.5 * self.dz_cm[i - 1]
        }
    }

    /// Half of the element below node `i` (cm), 0 at the bottom.
    pub fn half_below(&self, i: usize) -> f64 {
        if i + 1 == self.len() {
            0.0
        } else {
            0.5 * self.dz_cm[i]
        }
    }

    /// Control-volume length of node `i` (cm).
    pub fn volume(&self, i: usize) -> f64 {
        self.volume_cm[i]
    }

    /// Length of node `i`'s control volume that lies above `depth_cm`.
    pub fn volume_above(&self, i: usize, depth_cm: f64) -> f64 {
        let top = self.z_cm[i] - self.half_above(i);
        let bottom = self.z_cm[i] + self.half_below(i);
        (bottom.min(depth_cm) - top).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graded_grid_hits_interfaces_and_refines() {
        let g = Grid::graded(200.0, &[30.0, 200.0], 101);
        assert_eq!(g.z_cm[0], 0.0);
        assert_eq!(*g.z_cm.last().unwrap(), 200.0);
        assert!(g.z_cm.contains(&30.0));
        assert!(g
            .dz_cm
            .iter()
            .all(|&d| d > 0.0 && d <= MAX_SPACING_CM * 1.5 + 1e-9));
        assert!(g.dz_cm[0] < 0.1);
        // Control volumes tile the column.
        let total: f64 = (0..g.len()).map(|i| g.volume(i)).sum();
        assert!((total - 200.0).abs() < 1e-9);
        // Elements above 30 cm are layer 0, below layer 1.
        for (e, &l) in g.element_layer.iter().enumerate() {
            assert_eq!(l, usize::from(g.z_cm[e] >= 30.0));
        }
    }

    #[test]
    fn respects_a_finer_user_grid() {
        let g = Grid::graded(100.0, &[100.0], 1001);
        assert!(g.dz_cm.iter().all(|&d| d <= 0.1 * 1.5 + 1e-9));
    }
}
