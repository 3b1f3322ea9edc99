//! Root water uptake: Feddes et al. (1978) water stress times a salinity stress, distributed over
//! the root zone (the macroscopic sink term of HYDRUS-1D; Simunek et al. 2008, manual eq. 2.3-2.6).
//!
//! S(h, EC, z) = alpha_w(h) alpha_s(EC) b(z) Tp, with b normalised over the root zone so that with
//! no stress the uptake equals the potential transpiration Tp. The two stresses multiply (the
//! HYDRUS default, van Genuchten 1987). Roots take water, not salt.

use super::grid::Grid;
use super::spec::{Feddes, RootDistribution, SaltStress};
use crate::salinity::stress::{maas_hoffman_relative_yield, s_shape_relative_uptake};

/// The h3 of the Feddes function at potential transpiration `tp_cm_d`: `h3_high_cm` at and above
/// `tp_high_cm_d`, `h3_low_cm` at and below `tp_low_cm_d`, linear in between (Feddes et al.
/// 1978; Wesseling 1991, as in the HYDRUS-1D manual, section 2.4).
pub fn feddes_h3_cm(f: &Feddes, tp_cm_d: f64) -> f64 {
    if tp_cm_d >= f.tp_high_cm_d {
        f.h3_high_cm
    } else if tp_cm_d <= f.tp_low_cm_d {
        f.h3_low_cm
    } else {
        let w = (tp_cm_d - f.tp_low_cm_d) / (f.tp_high_cm_d - f.tp_low_cm_d);
        f.h3_low_cm + w * (f.h3_high_cm - f.h3_low_cm)
    }
}

/// Feddes et al. (1978) water-stress reduction alpha(h) in [0, 1]: 0 wetter than h1
/// (anaerobiosis), linear to 1 at h2, 1 down to h3, linear to 0 at h4 (wilting).
///
/// # Units
/// Heads in cm, `tp_cm_d` in cm/d.
pub fn feddes_alpha(f: &Feddes, h_cm: f64, tp_cm_d: f64) -> f64 {
    let h3 = feddes_h3_cm(f, tp_cm_d);
    if h_cm > f.h1_cm || h_cm <= f.h4_cm {
        0.0
    } else if h_cm > f.h2_cm {
        (f.h1_cm - h_cm) / (f.h1_cm - f.h2_cm)
    } else if h_cm >= h3 {
        1.0
    } else {
        (h_cm - f.h4_cm) / (h3 - f.h4_cm)
    }
}

/// Feddes alpha (as [`feddes_alpha`]) and its slope d(alpha)/dh (1/cm), for the Newton
/// iteration with the uptake evaluated at the new heads.
pub fn feddes_alpha_and_slope(f: &Feddes, h_cm: f64, tp_cm_d: f64) -> (f64, f64) {
    let h3 = feddes_h3_cm(f, tp_cm_d);
    if h_cm > f.h1_cm || h_cm <= f.h4_cm {
        (0.0, 0.0)
    } else if h_cm > f.h2_cm {
        let slope = -1.0 / (f.h1_cm - f.h2_cm);
        ((f.h1_cm - h_cm) / (f.h1_cm - f.h2_cm), slope)
    } else if h_cm >= h3 {
        (1.0, 0.0)
    } else {
        let slope = 1.0 / (h3 - f.h4_cm);
        ((h_cm - f.h4_cm) * slope, slope)
    }
}

/// The Feddes function at one potential transpiration, with h3 and the slopes of its two
/// sloping lines computed once, for a loop over the nodes (the same numbers as
/// [`feddes_alpha_and_slope`], bit for bit, without branches).
#[derive(Clone, Copy, Debug)]
pub struct FeddesLines {
    h1_cm: f64,
    h2_cm: f64,
    h3_cm: f64,
    h4_cm: f64,
    /// -1 / (h1 - h2) (1/cm), the slope between h2 and h1.
    wet_slope: f64,
    /// 1 / (h3 - h4) (1/cm), the slope between h4 and h3.
    dry_slope: f64,
}

impl FeddesLines {
    /// The lines of `f` at potential transpiration `tp_cm_d` (cm/d).
    #[inline(always)]
    pub fn new(f: &Feddes, tp_cm_d: f64) -> FeddesLines {
        let h3_cm = feddes_h3_cm(f, tp_cm_d);
        FeddesLines {
            h1_cm: f.h1_cm,
            h2_cm: f.h2_cm,
            h3_cm,
            h4_cm: f.h4_cm,
            wet_slope: -1.0 / (f.h1_cm - f.h2_cm),
            dry_slope: 1.0 / (h3_cm - f.h4_cm),
        }
    }

    /// Alpha at head `h_cm`, as [`feddes_alpha`], bit for bit (the dry line by a division, as
    /// there): the numerator and the denominator of the branch that applies are selected and
    /// divided once (0 / 1 and 1 / 1 for the constant branches, exactly +0 and 1), one
    /// division where computing each line's quotient and selecting one took two (a division
    /// is correctly rounded, so the same operands give the same bits).
    #[inline(always)]
    pub fn alpha(&self, h_cm: f64) -> f64 {
        let (num, den) = if h_cm > self.h1_cm || h_cm <= self.h4_cm {
            (0.0, 1.0)
        } else if h_cm > self.h2_cm {
            (self.h1_cm - h_cm, self.h1_cm - self.h2_cm)
        } else if h_cm >= self.h3_cm {
            (1.0, 1.0)
        } else {
            (h_cm - self.h4_cm, self.h3_cm - self.h4_cm)
        };
        num / den
    }

    /// Alpha and d(alpha)/dh (1/cm) at head `h_cm`, as [`feddes_alpha_and_slope`]: every
    /// branch's value is computed and the right one selected.
    #[inline(always)]
    pub fn alpha_and_slope(&self, h_cm: f64) -> (f64, f64) {
        let wet = (self.h1_cm - h_cm) / (self.h1_cm - self.h2_cm);
        let dry = (h_cm - self.h4_cm) * self.dry_slope;
        if h_cm > self.h1_cm || h_cm <= self.h4_cm {
            (0.0, 0.0)
        } else if h_cm > self.h2_cm {
            (wet, self.wet_slope)
        } else if h_cm >= self.h3_cm {
            (1.0, 0.0)
        } else {
            (dry, self.dry_slope)
        }
    }
}

/// Salinity reduction of uptake at conductivity `ec_ds_m` (on the basis the plant's parameters
/// were given for).
pub fn salt_alpha(stress: &SaltStress, ec_ds_m: f64) -> f64 {
    match *stress {
        SaltStress::None => 1.0,
        SaltStress::MaasHoffman {
            threshold_ds_m,
            slope_pct_per_ds_m,
        } => maas_hoffman_relative_yield(ec_ds_m, threshold_ds_m, slope_pct_per_ds_m),
        SaltStress::SShape {
            ec50_ds_m,
            exponent,
        } => s_shape_relative_uptake(ec_ds_m, ec50_ds_m, exponent),
    }
}

/// Normalised root weights per node (sum 1) for roots reaching `root_depth_cm`: the
/// distribution's value at the node times the part of the node's control volume inside the
/// root zone. Returns false when no node is in the root zone.
///
/// A node whose control volume starts at or below the root depth has no part inside it and
/// gets weight +0, which leaves the sum as it is: the nodes after the last one that starts
/// above the root depth (found by bisection) are set to +0 without their
/// weight being computed, and are not divided by the sum either (0 / sum is +0 again, unless
/// the sum is NaN, when every node is divided as before). Inlined into the time step, so that
/// its AVX2 copy divides four weights at a time; the same operations on each value as every
/// node computed in turn (unit test).
#[inline(always)]
pub fn root_weights(
    grid: &Grid,
    dist: &RootDistribution,
    root_depth_cm: f64,
    out: &mut [f64],
) -> bool {
    let n = out.len();
    let top = |i: usize| grid.z_cm[i] - grid.half_above(i);
    // The first node whose control volume starts at or below the root depth, by bisection:
    // the tops increase with depth (each is the middle between two nodes, their steps far
    // above the rounding of the depths), so that the test is false down to some node and
    // true from there (false everywhere for a NaN depth), and the bisection finds the node the
    // search from the bottom found, in some 8 tests instead of one a node below the roots.
    let (mut end, mut past) = (0, n);
    while end < past {
        let mid = end + (past - end) / 2;
        if top(mid) >= root_depth_cm {
            past = mid;
        } else {
            end = mid + 1;
        }
    }
    let mut total = 0.0;
    for (i, w) in out[..end].iter_mut().enumerate() {
        let inside = grid.volume_above(i, root_depth_cm);
        *w = if inside > 0.0 {
            let z = grid.z_cm[i].min(root_depth_cm);
            let b = match dist {
                RootDistribution::Uniform => 1.0,
                // Evaluate at the centre of the part inside the roots so that the bottom node
                // still gets a little weight.
                RootDistribution::Linear => {
                    let top = (grid.z_cm[i] - grid.half_above(i)).max(0.0);
                    let centre =
                        0.5 * (top + (grid.z_cm[i] + grid.half_below(i)).min(root_depth_cm));
                    (1.0 - centre / root_depth_cm).max(0.0)
                }
                RootDistribution::Table(points) => interpolate(points, z).max(0.0),
            };
            b * inside
        } else {
            0.0
        };
        total += *w;
    }
    out[end..].fill(0.0);
    if total <= 0.0 {
        return false;
    }
    let divided = if total.is_nan() { n } else { end };
    for w in out[..divided].iter_mut() {
        *w /= total;
    }
    true
}

/// Linear interpolation in (x, y) points sorted by x, constant beyond the ends.
pub fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    match points {
        [] => 0.0,
        [(_, y)] => *y,
        _ => {
            if x <= points[0].0 {
                return points[0].1;
            }
            for w in points.windows(2) {
                let (x0, y0) = w[0];
                let (x1, y1) = w[1];
                if x <= x1 {
                    return if x1 > x0 {
                        y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                    } else {
                        y1
                    };
                }
            }
            points[points.len() - 1].1
        }
    }
}

#[cfg(test)]
mod tests {

    /// The branch-free Feddes lines give the bits of `feddes_alpha` and `feddes_alpha_and_slope`
    /// at every head,
    /// on the breakpoints and between them, at potential transpirations below, inside and
    /// above the h3 interpolation range.
    #[test]
    fn feddes_lines_equal_the_branches_to_the_bit() {
        // The benchmark crop's (h3 between -400 and -800 cm for Tp between 0.1 and 0.5 cm/d).
        let f = crate::column::test_problems::sorghum().feddes;
        let mut heads = vec![
            5.0,
            0.0,
            -10.0,
            -25.0,
            -400.0,
            -800.0,
            -8000.0,
            -2e4,
            f64::NAN,
        ];
        heads.extend((0..4000).map(|k| -(1.004f64).powi(k) + 2.0));
        for tp in [0.05, 0.1, 0.3, 0.5, 0.8] {
            let lines = FeddesLines::new(&f, tp);
            for &h in &heads {
                assert_eq!(feddes_alpha(&f, h, tp).to_bits(), lines.alpha(h).to_bits());
                let (a, s) = feddes_alpha_and_slope(&f, h, tp);
                let (a2, s2) = lines.alpha_and_slope(h);
                assert_eq!(
                    (a.to_bits(), s.to_bits()),
                    (a2.to_bits(), s2.to_bits()),
                    "h {h}, tp {tp}"
                );
            }
        }
    }
    use super::*;

    fn pasture() -> Feddes {
        // Feddes et al. (1978) pasture parameters as in reference/vectors/salinity/feddes_reduction.json
        Feddes {
            h1_cm: -10.0,
            h2_cm: -25.0,
            h3_high_cm: -200.0,
            h3_low_cm: -800.0,
            h4_cm: -8000.0,
            tp_high_cm_d: 0.5,
            tp_low_cm_d: 0.1,
        }
    }

    #[test]
    fn feddes_reference_vector() {
        // Reference: Feddes et al. (1978), HYDRUS-1D convention; tolerance 1e-9.
        let text = include_str!("../../../../reference/vectors/salinity/feddes_reduction.csv");
        let mut rows = 0;
        for line in text.lines().skip(1) {
            let v: Vec<f64> = line.split(',').map(|s| s.trim().parse().unwrap()).collect();
            let (tp, h3, h, alpha) = (v[0], v[1], v[2], v[3]);
            assert!(
                (feddes_h3_cm(&pasture(), tp) - h3).abs() < 1e-9,
                "h3 at tp {tp}"
            );
            let got = feddes_alpha(&pasture(), h, tp);
            assert!(
                (got - alpha).abs() < 1e-9,
                "alpha at h {h}, tp {tp}: {got} vs {alpha}"
            );
            rows += 1;
        }
        assert!(rows > 40);
    }

    #[test]
    fn slope_matches_a_central_difference() {
        // Away from the kinks the slope is the derivative of alpha; tolerance 1e-9.
        let f = pasture();
        for tp in [0.05, 0.3, 0.7] {
            for h in [
                -5.0, -12.0, -20.0, -100.0, -450.0, -2000.0, -7000.0, -9000.0,
            ] {
                let (alpha, slope) = feddes_alpha_and_slope(&f, h, tp);
                assert_eq!(alpha, feddes_alpha(&f, h, tp));
                let d = 1e-4;
                let numeric =
                    (feddes_alpha(&f, h + d, tp) - feddes_alpha(&f, h - d, tp)) / (2.0 * d);
                assert!(
                    (slope - numeric).abs() < 1e-9,
                    "h {h} tp {tp}: {slope} vs {numeric}"
                );
            }
        }
    }

    /// [`root_weights`] as it was before it stopped at the root depth: every node's weight,
    /// then every node divided by the sum.
    fn root_weights_reference(
        grid: &Grid,
        dist: &RootDistribution,
        root_depth_cm: f64,
        out: &mut [f64],
    ) -> bool {
        let mut total = 0.0;
        for (i, w) in out.iter_mut().enumerate() {
            let inside = grid.volume_above(i, root_depth_cm);
            *w = if inside > 0.0 {
                let z = grid.z_cm[i].min(root_depth_cm);
                let b = match dist {
                    RootDistribution::Uniform => 1.0,
                    RootDistribution::Linear => {
                        let top = (grid.z_cm[i] - grid.half_above(i)).max(0.0);
                        let centre =
                            0.5 * (top + (grid.z_cm[i] + grid.half_below(i)).min(root_depth_cm));
                        (1.0 - centre / root_depth_cm).max(0.0)
                    }
                    RootDistribution::Table(points) => interpolate(points, z).max(0.0),
                };
                b * inside
            } else {
                0.0
            };
            total += *w;
        }
        if total <= 0.0 {
            return false;
        }
        for w in out.iter_mut() {
            *w /= total;
        }
        true
    }

    /// Reference: [`root_weights_reference`], to the bit (verdict and every weight, from stale
    /// values in the output), for the three distributions (a table with a NaN weight among
    /// them) on a graded grid and a uniform one, with the root depth at the surface, inside the
    /// first refined cell, on nodes, on the boundaries between control volumes, between them,
    /// at and beyond the bottom, and NaN.
    #[test]
    fn weights_stopping_at_the_root_depth_give_the_old_bits() {
        let grids = [
            Grid::graded(200.0, &[60.0, 200.0], 101),
            Grid::graded(100.0, &[100.0], 51),
        ];
        let dists = [
            RootDistribution::Uniform,
            RootDistribution::Linear,
            RootDistribution::Table(vec![(0.0, 1.0), (30.0, 0.5), (80.0, 0.0)]),
            RootDistribution::Table(vec![(0.0, 1.0), (20.0, f64::NAN), (80.0, 0.0)]),
        ];
        for g in &grids {
            let n = g.len();
            let mut depths = vec![0.0, 1e-3, 0.05, 0.07, 200.0, 250.0, f64::NAN];
            for i in [1, 2, 5, n / 3, n / 2, n - 2] {
                depths.push(g.z_cm[i]);
                depths.push(g.z_cm[i] - g.half_above(i));
                depths.push(g.z_cm[i] + 0.3 * g.half_below(i));
            }
            for dist in &dists {
                for &depth in &depths {
                    let mut want = vec![7.0; n];
                    let mut got = vec![7.0; n];
                    let ok_want = root_weights_reference(g, dist, depth, &mut want);
                    let ok_got = root_weights(g, dist, depth, &mut got);
                    assert_eq!(ok_got, ok_want, "{dist:?} to {depth}");
                    if ok_want {
                        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&got), bits(&want), "{dist:?} to {depth}");
                    }
                }
            }
        }
    }

    #[test]
    fn weights_sum_to_one_and_vanish_below_roots() {
        let g = Grid::graded(100.0, &[100.0], 51);
        let mut w = vec![0.0; g.len()];
        assert!(root_weights(&g, &RootDistribution::Linear, 40.0, &mut w));
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        for (i, &wi) in w.iter().enumerate() {
            if g.z_cm[i] - g.half_above(i) >= 40.0 {
                assert_eq!(wi, 0.0);
            }
        }
    }
}
