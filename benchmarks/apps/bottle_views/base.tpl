<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{title}} - Benchmark shop</title>
</head>
<body>
  <header><h1>Benchmark shop</h1></header>
  <main>{{!base}}</main>
  <footer>Served by a benchmark.</footer>
</body>
</html>
