//! Soil properties of each node's control volume.
//!
//! A node on a layer interface has its upper half in one soil and its lower half in another, so
//! its water storage is the sum of the two halves' theta times their lengths. Ponded water is
//! part of the surface node's storage: the surface pressure head, when positive, is the depth of
//! water standing on the soil (as in HYDRUS-1D's treatment of a surface water layer).

use super::grid::Grid;
use crate::soil::{HydraulicFunctions, SoilHydraulics};

/// The soils on either side of one node and the lengths of its half cells.
#[derive(Clone, Copy, Debug)]
pub struct NodeSoil {
    /// Layer of the element above and the length of its half (cm), if any.
    pub above: Option<(usize, f64)>,
    /// Layer of the element below and the length of its half (cm), if any.
    pub below: Option<(usize, f64)>,
}

/// Per-node soil properties derived from the grid and the layers.
#[derive(Clone, Debug)]
pub struct NodeSoils {
    /// One entry per node.
    pub nodes: Vec<NodeSoil>,
    /// The layers' hydraulic functions.
    pub layers: Vec<SoilHydraulics>,
}

impl NodeSoils {
    /// Builds the node table of `grid` for `layers`.
    pub fn new(grid: &Grid, layers: Vec<SoilHydraulics>) -> NodeSoils {
        let n = grid.len();
        let nodes = (0..n)
            .map(|i| NodeSoil {
                above: (i > 0).then(|| (grid.element_layer[i - 1], grid.half_above(i))),
                below: (i + 1 < n).then(|| (grid.element_layer[i], grid.half_below(i))),
            })
            .collect();
        NodeSoils { nodes, layers }
    }

    /// Water stored in node `i`'s control volume at head `h` (cm), including ponded water at the
    /// surface node.
    pub fn storage_cm(&self, i: usize, h: f64) -> f64 {
        let node = &self.nodes[i];
        let mut w = 0.0;
        if let Some((l, len)) = node.above {
            w += self.layers[l].theta(h) * len;
        }
        if let Some((l, len)) = node.below {
            w += self.layers[l].theta(h) * len;
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
            c += self.layers[l].capacity_per_cm(h) * len;
        }
        if let Some((l, len)) = node.below {
            c += self.layers[l].capacity_per_cm(h) * len;
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
        let (w, v) = self.weighted(i, |s| s.theta(h));
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
