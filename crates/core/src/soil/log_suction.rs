//! van Genuchten-Mualem functions and their logarithmic derivatives at a suction given by its
//! logarithm, all from shared intermediates: what a table of the functions needs at each knot
//! (see `column::table`), for about a quarter of the transcendental functions of evaluating theta, C, K
//! and the derivatives one by one.
//!
//! With s = -h > 0 known with its logarithm u = ln s, x = (alpha s)^n and y = 1 / (1 + x)
//! (van Genuchten 1980, eq. 3):
//!
//! - ln x = n (ln alpha + u), without a logarithm per point, and x = e^(ln x);
//! - L = ln(1 + x) and M = ln(1 + 1/x) = -ln(1 - y) from one `ln_1p`: L = ln_1p(x) and M = L -
//!   ln x for x < 1, M = ln_1p(1/x) and L = ln x + M otherwise (sums of terms of one sign);
//! - Se = e^(-m L) and 1 - Se = -expm1(-m L); (1 - y)^m = e^(-m M) and the Mualem bracket
//!   B = 1 - (1 - y)^m = -expm1(-m M); of each pair the one under 1/2 is computed and the other
//!   is its complement, which keeps both to full relative precision;
//! - theta = theta_r + (theta_s - theta_r) Se (eq. 3), measured from theta_s where Se >= 1/2;
//! - C = dtheta/dh = (theta_s - theta_r) m n alpha (alpha s)^(n-1) (1 + x)^(-m-1)
//!   = (theta_s - theta_r) m n (1 - y) Se / s (eq. 3 differentiated);
//! - K = Ks Se^l B^2 (eq. 8 with Mualem's l), Se^l = e^(-l m L);
//! - d ln K/du = -m n [l (1 - y) + 2 y (1 - y)^m / B], d ln C/du = n - 1 - (m + 1) n (1 - y).
//!
//! With an air-entry head h_s < 0 (Vogel, van Genuchten & Cislerova 2001, eq. 13-16) theta, C
//! and K are rescaled exactly as in [`VanGenuchtenAirEntry`] (Se / Se_vg(h_s), C / Se_vg(h_s),
//! K Ks / K_vg(h_s)) and take their saturated values for h >= h_s; the logarithmic derivatives
//! are those of the unmodified soil, which the rescaling by constants does not change.
//!
//! The values agree with the closed forms of [`VanGenuchtenMualem`] and
//! [`VanGenuchtenAirEntry`] to about 1e-14 relative (unit test in `column::table`): ln x carries
//! the rounding of ln alpha + u, of order 1e-15 absolute, where the closed forms round alpha s.

use super::{VanGenuchtenAirEntry, VanGenuchtenMualem};

/// theta, C, K and the logarithmic derivatives of K and C at one suction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogSuctionValues {
    /// Volumetric water content (cm3/cm3).
    pub theta: f64,
    /// Capacity dtheta/dh (1/cm).
    pub capacity_per_cm: f64,
    /// Conductivity (cm/d).
    pub conductivity_cm_d: f64,
    /// d ln K / d ln s of the unmodified soil (dimensionless).
    pub dlnk_du: f64,
    /// d ln C / d ln s of the unmodified soil (dimensionless).
    pub dlnc_du: f64,
}

/// The intermediates shared by the functions at one suction.
#[derive(Clone, Copy, Debug)]
struct Shared {
    /// y = 1 / (1 + x).
    y: f64,
    /// 1 - y = x / (1 + x).
    one_minus_y: f64,
    /// -m ln(1 + x) = ln Se.
    ln_se: f64,
    /// Se = (1 + x)^-m.
    se: f64,
    /// 1 - Se.
    deficit: f64,
    /// (1 - y)^m.
    p: f64,
    /// The Mualem bracket B = 1 - (1 - y)^m.
    b: f64,
}

/// e^`a` and 1 - e^`a` for `a` <= 0, each to full relative precision: the smaller of the two
/// directly, the other as its complement (which is then at least 1/2).
#[inline(always)]
fn exp_and_complement(a: f64) -> (f64, f64) {
    if a > -std::f64::consts::LN_2 {
        let c = -a.exp_m1();
        (1.0 - c, c)
    } else {
        let e = a.exp();
        (e, 1.0 - e)
    }
}

/// The one of e^`a` and 1 - e^`a` that [`exp_and_complement`] computes directly (the other is
/// its complement, see [`complements`]): a library call, in a loop of its own in
/// [`LogSuctionFunctions::at_all`].
#[inline(always)]
fn smaller_of_exp_and_complement(a: f64) -> f64 {
    if a > -std::f64::consts::LN_2 {
        -a.exp_m1()
    } else {
        a.exp()
    }
}

/// [`exp_and_complement`]`(a)` from `small` = [`smaller_of_exp_and_complement`]`(a)`, the same
/// operations without the library call.
#[inline(always)]
fn complements(a: f64, small: f64) -> (f64, f64) {
    if a > -std::f64::consts::LN_2 {
        (1.0 - small, small)
    } else {
        (small, 1.0 - small)
    }
}

/// Points of a block of [`LogSuctionFunctions::at_all`] (its intermediates, [`SCRATCH`] arrays
/// of this length, stay in the first-level cache).
pub(crate) const BLOCK: usize = 128;

/// Intermediate arrays of a block of [`LogSuctionFunctions::at_all`].
const SCRATCH: usize = 10;

/// The working arrays of [`LogSuctionFunctions::at_all_in`].
pub(crate) type AtAllScratch = [[f64; BLOCK]; SCRATCH];

/// Zeroed working arrays for [`LogSuctionFunctions::at_all_in`].
pub(crate) const AT_ALL_SCRATCH: AtAllScratch = [[0.0; BLOCK]; SCRATCH];

/// Per-point outputs of [`LogSuctionFunctions::at_all`], the fields of [`LogSuctionValues`] as
/// arrays.
#[derive(Debug)]
pub struct LogSuctionArrays<'a> {
    /// Volumetric water content (cm3/cm3).
    pub theta: &'a mut [f64],
    /// Capacity dtheta/dh (1/cm).
    pub capacity_per_cm: &'a mut [f64],
    /// Conductivity (cm/d).
    pub conductivity_cm_d: &'a mut [f64],
    /// d ln K / d ln s of the unmodified soil (dimensionless).
    pub dlnk_du: &'a mut [f64],
    /// d ln C / d ln s of the unmodified soil (dimensionless).
    pub dlnc_du: &'a mut [f64],
}

/// A van Genuchten-Mualem soil, with or without an air-entry head, prepared for evaluation at
/// suctions given by their logarithms.
#[derive(Clone, Copy, Debug)]
pub struct LogSuctionFunctions {
    ln_alpha: f64,
    n: f64,
    m: f64,
    l: f64,
    theta_r: f64,
    theta_s: f64,
    ks_cm_d: f64,
    /// h_s (cm; 0 without an air-entry head).
    air_entry_cm: f64,
    /// Se_vg(h_s).
    se_entry: f64,
    /// Ks / K_vg(h_s).
    k_scale: f64,
}

impl LogSuctionFunctions {
    /// Prepares `model` (h_s = 0 is van Genuchten-Mualem itself).
    pub fn new(model: &VanGenuchtenAirEntry) -> LogSuctionFunctions {
        let vg: &VanGenuchtenMualem = model.van_genuchten();
        LogSuctionFunctions {
            ln_alpha: vg.alpha_per_cm.ln(),
            n: vg.n,
            m: vg.m(),
            l: vg.l,
            theta_r: vg.theta_r,
            theta_s: vg.theta_s,
            ks_cm_d: vg.ks_cm_d,
            air_entry_cm: model.air_entry_cm(),
            se_entry: model.entry_effective_saturation(),
            k_scale: model.conductivity_scale(),
        }
    }

    /// The same functions with the unsaturated branch continued to every suction: with an
    /// air-entry head h_s, the rescaled van Genuchten-Mualem functions (Vogel et al. 2001, eq.
    /// 13-16, below h_s) also at suctions smaller than |h_s|, where the soil itself is
    /// saturated (h_s is moved to the smallest negative normal number, wetter than any
    /// tabulated suction). For the knots of a table at or just wetter than h_s, whose interval
    /// the table reads only drier than h_s (see `column::table`), so that the interpolant there
    /// is that of a smooth function. Without an air-entry head, the same functions.
    pub(crate) fn continued(&self) -> LogSuctionFunctions {
        let air_entry_cm = if self.air_entry_cm < 0.0 {
            -f64::MIN_POSITIVE
        } else {
            self.air_entry_cm
        };
        LogSuctionFunctions {
            air_entry_cm,
            ..*self
        }
    }

    /// The intermediates at u = ln s.
    #[inline(always)]
    fn shared(&self, u: f64) -> Shared {
        let ln_x = self.n * (self.ln_alpha + u);
        let x = ln_x.exp();
        let (ln_1px, ln_1pinvx) = if x < 1.0 {
            let big_l = x.ln_1p();
            (big_l, big_l - ln_x)
        } else {
            let big_m = (1.0 / x).ln_1p();
            (ln_x + big_m, big_m)
        };
        let y = 1.0 / (1.0 + x);
        let ln_se = -self.m * ln_1px;
        let (se, deficit) = exp_and_complement(ln_se);
        let (p, b) = exp_and_complement(-self.m * ln_1pinvx);
        Shared {
            y,
            one_minus_y: x * y,
            ln_se,
            se,
            deficit,
            p,
            b,
        }
    }

    /// Conductivity of the unmodified soil (cm/d) from the intermediates: Ks Se^l B^2.
    #[inline(always)]
    fn vg_conductivity(&self, sh: &Shared) -> f64 {
        // Se^l; Mualem's l = 0.5, the usual value, as a square root.
        let se_l = if self.l == 0.5 {
            sh.se.sqrt()
        } else {
            (self.l * sh.ln_se).exp()
        };
        self.ks_cm_d * se_l * sh.b * sh.b
    }

    /// All the functions at suction `s_cm` = e^`u` (cm); `s_cm` is the suction the values
    /// belong to, u its logarithm (to round-off).
    #[inline]
    pub fn at(&self, u: f64, s_cm: f64) -> LogSuctionValues {
        let sh = self.shared(u);
        let (n, m) = (self.n, self.m);
        let spread = self.theta_s - self.theta_r;
        let dlnk_du = -m * n * (self.l * sh.one_minus_y + 2.0 * sh.y * sh.p / sh.b);
        let dlnc_du = n - 1.0 - (m + 1.0) * n * sh.one_minus_y;
        let vg_capacity = spread * m * n * sh.one_minus_y * sh.se / s_cm;
        let vg_k = self.vg_conductivity(&sh);
        let (theta, capacity_per_cm, conductivity_cm_d) = if self.air_entry_cm == 0.0 {
            let theta = if sh.se < 0.5 {
                self.theta_r + spread * sh.se
            } else {
                self.theta_s - spread * sh.deficit
            };
            (theta, vg_capacity, vg_k)
        } else if -s_cm >= self.air_entry_cm {
            (self.theta_s, 0.0, self.ks_cm_d)
        } else {
            (
                self.theta_r + spread * (sh.se / self.se_entry),
                vg_capacity / self.se_entry,
                vg_k * self.k_scale,
            )
        };
        LogSuctionValues {
            theta,
            capacity_per_cm,
            conductivity_cm_d,
            dlnk_du,
            dlnc_du,
        }
    }

    /// [`Self::at`] at every suction `s_cm[i]` = e^`u[i]` (cm), into `out`: the same
    /// operations on each point, so the same numbers to the bit, but each library function
    /// (`exp`, `exp_m1`, `ln_1p`) in a loop of its own over a block of points and the rest of
    /// the arithmetic in loops the compiler vectorises (divisions and square roots are
    /// correctly rounded, and Rust contracts no multiply-add, so a vector lane rounds as the
    /// scalar code does). For the knots of a table (see `column::table`).
    ///
    /// On a processor with AVX2 and FMA the AVX2 copy runs, with the same results to the bit
    /// (see `column::simd`).
    pub fn at_all(&self, u: &[f64], s_cm: &[f64], out: LogSuctionArrays<'_>) {
        #[cfg(target_arch = "x86_64")]
        if crate::column::simd::avx2_fma() {
            // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
            // requirement of calling a function compiled with those target features.
            unsafe { self.at_all_avx2(u, s_cm, out) };
            return;
        }
        self.at_all_kernel(u, s_cm, out);
    }

    /// [`Self::at_all`] compiled for AVX2 and FMA; call only on a processor that has them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    pub(crate) fn at_all_avx2(&self, u: &[f64], s_cm: &[f64], out: LogSuctionArrays<'_>) {
        self.at_all_kernel(u, s_cm, out);
    }

    /// The body of [`Self::at_all`], inlined into its plain and its AVX2 copy (and into the
    /// table builder's).
    #[inline(always)]
    pub(crate) fn at_all_kernel(&self, u: &[f64], s_cm: &[f64], out: LogSuctionArrays<'_>) {
        let mut scratch = AT_ALL_SCRATCH;
        self.at_all_in(u, s_cm, out, &mut scratch);
    }

    /// [`Self::at_all_kernel`] with its working arrays `scratch` given (so that a caller making
    /// many calls sets them up once).
    #[inline(always)]
    pub(crate) fn at_all_in(
        &self,
        u: &[f64],
        s_cm: &[f64],
        out: LogSuctionArrays<'_>,
        scratch: &mut AtAllScratch,
    ) {
        let n = u.len();
        let (s_cm, theta) = (&s_cm[..n], &mut out.theta[..n]);
        let capacity = &mut out.capacity_per_cm[..n];
        let (conductivity, dlnk, dlnc) = (
            &mut out.conductivity_cm_d[..n],
            &mut out.dlnk_du[..n],
            &mut out.dlnc_du[..n],
        );
        let mut start = 0;
        while start < n {
            let end = (start + BLOCK).min(n);
            let block = LogSuctionArrays {
                theta: &mut theta[start..end],
                capacity_per_cm: &mut capacity[start..end],
                conductivity_cm_d: &mut conductivity[start..end],
                dlnk_du: &mut dlnk[start..end],
                dlnc_du: &mut dlnc[start..end],
            };
            let (u, s) = (&u[start..end], &s_cm[start..end]);
            // The loop-invariant choices taken out of the loops, so that each is vectorised.
            match (self.l == 0.5, self.air_entry_cm == 0.0) {
                (true, true) => self.at_block::<true, true>(u, s, block, scratch),
                (true, false) => self.at_block::<true, false>(u, s, block, scratch),
                (false, true) => self.at_block::<false, true>(u, s, block, scratch),
                (false, false) => self.at_block::<false, false>(u, s, block, scratch),
            }
            start = end;
        }
    }

    /// [`Self::at_all`] on at most [`BLOCK`] points, its intermediates in `scratch`;
    /// `L_HALF` is whether l = 0.5 and `NO_ENTRY` whether the air-entry head is 0.
    #[inline(always)]
    fn at_block<const L_HALF: bool, const NO_ENTRY: bool>(
        &self,
        u: &[f64],
        s_cm: &[f64],
        out: LogSuctionArrays<'_>,
        scratch: &mut AtAllScratch,
    ) {
        let len = u.len().min(BLOCK);
        let (u, s_cm) = (&u[..len], &s_cm[..len]);
        let theta = &mut out.theta[..len];
        let capacity = &mut out.capacity_per_cm[..len];
        let conductivity = &mut out.conductivity_cm_d[..len];
        let (dlnk, dlnc) = (&mut out.dlnk_du[..len], &mut out.dlnc_du[..len]);
        let [ln_x, x, arg, y, big, ln_se, ln_p, small_se, small_p, se_l] = scratch;
        let (ln_x, x, arg, y) = (
            &mut ln_x[..len],
            &mut x[..len],
            &mut arg[..len],
            &mut y[..len],
        );
        for i in 0..len {
            ln_x[i] = self.n * (self.ln_alpha + u[i]);
        }
        for i in 0..len {
            x[i] = ln_x[i].exp();
        }
        // The argument of `shared`'s ln_1p: x below 1, else 1/x.
        for i in 0..len {
            arg[i] = if x[i] < 1.0 { x[i] } else { 1.0 / x[i] };
            y[i] = 1.0 / (1.0 + x[i]);
        }
        // ln_1p of the argument, then ln Se and ln (1 - y)^m from it.
        let big = &mut big[..len];
        for i in 0..len {
            big[i] = arg[i].ln_1p();
        }
        let (ln_se, ln_p) = (&mut ln_se[..len], &mut ln_p[..len]);
        for i in 0..len {
            let (ln_1px, ln_1pinvx) = if x[i] < 1.0 {
                (big[i], big[i] - ln_x[i])
            } else {
                (ln_x[i] + big[i], big[i])
            };
            ln_se[i] = -self.m * ln_1px;
            ln_p[i] = -self.m * ln_1pinvx;
        }
        // The smaller of e^a and 1 - e^a for a = ln Se and ln (1 - y)^m (`exp_and_complement`).
        let (small_se, small_p) = (&mut small_se[..len], &mut small_p[..len]);
        for i in 0..len {
            small_se[i] = smaller_of_exp_and_complement(ln_se[i]);
        }
        for i in 0..len {
            small_p[i] = smaller_of_exp_and_complement(ln_p[i]);
        }
        // Se^l: a square root (vectorised) for l = 0.5, else e^(l ln Se).
        let se_l = &mut se_l[..len];
        if !L_HALF {
            for i in 0..len {
                se_l[i] = (self.l * ln_se[i]).exp();
            }
        }
        let (n, m) = (self.n, self.m);
        let spread = self.theta_s - self.theta_r;
        for i in 0..len {
            let (se, deficit) = complements(ln_se[i], small_se[i]);
            let (p, b) = complements(ln_p[i], small_p[i]);
            let (yi, one_minus_y) = (y[i], x[i] * y[i]);
            let s = s_cm[i];
            dlnk[i] = -m * n * (self.l * one_minus_y + 2.0 * yi * p / b);
            dlnc[i] = n - 1.0 - (m + 1.0) * n * one_minus_y;
            let vg_capacity = spread * m * n * one_minus_y * se / s;
            let se_li = if L_HALF { se.sqrt() } else { se_l[i] };
            let vg_k = self.ks_cm_d * se_li * b * b;
            let (t, c, k) = if NO_ENTRY {
                let t = if se < 0.5 {
                    self.theta_r + spread * se
                } else {
                    self.theta_s - spread * deficit
                };
                (t, vg_capacity, vg_k)
            } else if -s >= self.air_entry_cm {
                (self.theta_s, 0.0, self.ks_cm_d)
            } else {
                (
                    self.theta_r + spread * (se / self.se_entry),
                    vg_capacity / self.se_entry,
                    vg_k * self.k_scale,
                )
            };
            theta[i] = t;
            capacity[i] = c;
            conductivity[i] = k;
        }
    }

    /// Conductivity (cm/d) of the unmodified van Genuchten-Mualem soil at suction e^`u`.
    #[inline]
    pub fn unmodified_conductivity_cm_d(&self, u: f64) -> f64 {
        self.vg_conductivity(&self.shared(u))
    }
}
