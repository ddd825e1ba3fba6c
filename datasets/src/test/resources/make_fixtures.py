"""Writes the netCDF-4/HDF5 fixtures of DatasetReaderTest with tools other than this toolkit.

Run with Debian's python (it has xarray and netCDF4): /usr/bin/python3 make_fixtures.py
"""
import numpy as np
import xarray as xr
import netCDF4

S, T, X = 3, 2, 8
s, t, i = np.meshgrid(np.arange(S), np.arange(T), np.arange(X), indexing="ij")
# u[s, t, i] = s + 0.1 t + 0.01 i: the test recomputes these values
u = (s + 0.1 * t + 0.01 * i).astype(np.float64)
ds = xr.Dataset(
    {"u": (("sample", "time", "x"), u, {"long_name": "velocity", "units": "1"}),
     "nu": (("sample",), np.array([0.1, 0.2, 0.3]), {"long_name": "kinematic viscosity", "units": "1"})},
    coords={"time": ("time", np.array([0.0, 0.5]), {"units": "1", "long_name": "time"}),
            "x": ("x", np.arange(X) / X, {"units": "1", "long_name": "x"})},
    attrs={"Conventions": "CF-1.8", "equation": "burgers", "domain_length": 1.0, "seed": 3},
)
ds.to_netcdf("xarray-netcdf4.nc", format="NETCDF4", engine="netcdf4")
# the same data as classic netCDF-3 (netCDF-3 has no 64-bit integers: seed as int32)
ds.attrs["seed"] = np.int32(3)
ds.to_netcdf("xarray-netcdf3.nc", format="NETCDF3_CLASSIC", engine="netcdf4")

# u with its dimensions in the wrong order: (sample, x, time)
with netCDF4.Dataset("wrong-shape-netcdf4.nc", "w", format="NETCDF4") as nc:
    for name, n in (("sample", S), ("time", T), ("x", X)):
        nc.createDimension(name, n)
    nc.createVariable("time", "f8", ("time",))[:] = [0.0, 0.5]
    nc.createVariable("x", "f8", ("x",))[:] = np.arange(X) / X
    nc.createVariable("u", "f4", ("sample", "x", "time"))[:] = np.zeros((S, X, T))

# the coordinate variable x is missing (only its dimension exists)
with netCDF4.Dataset("missing-x-netcdf4.nc", "w", format="NETCDF4") as nc:
    for name, n in (("sample", S), ("time", T), ("x", X)):
        nc.createDimension(name, n)
    nc.createVariable("time", "f8", ("time",))[:] = [0.0, 0.5]
    nc.createVariable("u", "f4", ("sample", "time", "x"))[:] = np.zeros((S, T, X))
