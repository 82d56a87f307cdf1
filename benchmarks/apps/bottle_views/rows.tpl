% rebase('base.tpl', title=title)
<table>
  <tr><th>#</th><th>Name</th><th>Price</th><th>Stock</th></tr>
  % for i, row in enumerate(rows):
  <tr class="{{'odd' if i % 2 == 0 else 'even'}}">
    <td>{{row['id']}}</td><td>{{row['name']}}</td><td>{{row['price']}}</td>
    <td>{{'in stock' if row['in_stock'] else 'sold out'}}</td>
  </tr>
  % end
</table>
