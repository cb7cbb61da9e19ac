"""paramavg for PySpark: data-parallel MLP training with parameter averaging, as Spark ML stages.

Start a session with the application jar, then use :mod:`paramavg.ml`::

    import paramavg
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.config("spark.jars", paramavg.jar()).getOrCreate()

or, over Spark Connect (Spark 4), with a local server: ``paramavg.connect.local_session("local[2]")``.
"""

from ._aliases import register as _register_java_package
from ._jar import JAR_ENV, JarNotFoundError, jar, line

# PipelineModel.load and CrossValidatorModel.load find paramavg's Python stages by the Java package's name.
_register_java_package()

__version__ = "0.1.0.dev0"

__all__ = ["jar", "line", "JAR_ENV", "JarNotFoundError", "__version__"]
