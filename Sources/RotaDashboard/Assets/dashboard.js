document.getElementById("page").textContent = "Rota";
