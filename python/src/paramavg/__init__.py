"""paramavg for PySpark: data-parallel MLP training with parameter averaging, as Spark ML stages.

Start a session with the application jar, then use :mod:`paramavg.ml`::

    import paramavg
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.config("spark.jars", paramavg.jar()).getOrCreate()
"""

from ._jar import JAR_ENV, JarNotFoundError, jar, line

__version__ = "0.1.0.dev0"

__all__ = ["jar", "line", "JAR_ENV", "JarNotFoundError", "__version__"]
